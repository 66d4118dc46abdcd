// Loads the real widget in preview mode, in the language the settings page asks for (?lang=da).
(() => {
  const lang = new URLSearchParams(location.search).get("lang");
  const tag = document.createElement("script");
  tag.src = "widget.js";
  tag.async = true;
  tag.dataset.key = "preview";
  tag.dataset.preview = "";
  if (lang && /^[a-z]{2}$/.test(lang)) tag.dataset.locale = lang;
  document.body.append(tag);
})();
