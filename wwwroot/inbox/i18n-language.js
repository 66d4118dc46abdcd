// What the inbox calls a chat shopper who has not given a name ("Copenhagen · Blue fox"), and what it says
// about the page they are on; merged into the inbox's dictionaries (i18n.js). The name's words are in
// anonymousWords: a colour agrees with its animal where the language wants it (an animal's gender 'f' picks the
// colour's second form).
export const languageTexts = {
  en: {
    'customer.anonymous': 'Anonymous',
    'customer.anonymousHint': 'Has not given a name. Named after their time zone and a colour and animal of their own.',
    'shopper.onPage': 'On page',
    'shopper.from': 'from',
    'shopper.device': 'device {device}',
    'shopper.software': '{browser} on {system}',
    'shopper.kind.phone': 'phone',
    'shopper.kind.tablet': 'tablet',
    'shopper.kind.desktop': 'desktop',
  },
  da: {
    'customer.anonymous': 'Anonym',
    'customer.anonymousHint': 'Har ikke oplyst et navn. Opkaldt efter sin tidszone og en farve og et dyr, der kun er deres.',
    'shopper.onPage': 'På siden',
    'shopper.from': 'fra',
    'shopper.device': 'enhed {device}',
    'shopper.software': '{browser} på {system}',
    'shopper.kind.phone': 'telefon',
    'shopper.kind.tablet': 'tablet',
    'shopper.kind.desktop': 'computer',
  },
  de: {
    'customer.anonymous': 'Anonym',
    'customer.anonymousHint': 'Hat keinen Namen angegeben. Benannt nach der Zeitzone und einer eigenen Farbe und einem eigenen Tier.',
    'shopper.onPage': 'Auf der Seite',
    'shopper.from': 'von',
    'shopper.device': 'Gerät {device}',
    'shopper.software': '{browser} auf {system}',
    'shopper.kind.phone': 'Smartphone',
    'shopper.kind.tablet': 'Tablet',
    'shopper.kind.desktop': 'Computer',
  },
  nb: {
    'customer.anonymous': 'Anonym',
    'customer.anonymousHint': 'Har ikke oppgitt navn. Oppkalt etter tidssonen sin og en farge og et dyr som bare er deres.',
    'shopper.onPage': 'På siden',
    'shopper.from': 'fra',
    'shopper.device': 'enhet {device}',
    'shopper.software': '{browser} på {system}',
    'shopper.kind.phone': 'mobil',
    'shopper.kind.tablet': 'nettbrett',
    'shopper.kind.desktop': 'datamaskin',
  },
  lv: {
    'customer.anonymous': 'Anonīms',
    'customer.anonymousHint': 'Vārds nav norādīts. Nosaukts pēc laika joslas un savas krāsas un dzīvnieka.',
    'shopper.onPage': 'Lapā',
    'shopper.from': 'no',
    'shopper.device': 'ierīce {device}',
    'shopper.software': '{browser} uz {system}',
    'shopper.kind.phone': 'tālrunis',
    'shopper.kind.tablet': 'planšete',
    'shopper.kind.desktop': 'dators',
  },
};

// Colours as [masculine, feminine] where the form differs; animals as [word, gender].
export const anonymousWords = {
  en: {
    colours: { blue: 'Blue', green: 'Green', red: 'Red', yellow: 'Yellow', golden: 'Golden', purple: 'Purple', grey: 'Grey', white: 'White', black: 'Black', brown: 'Brown' },
    animals: { fox: ['fox'], owl: ['owl'], bear: ['bear'], otter: ['otter'], hare: ['hare'], deer: ['deer'], wolf: ['wolf'], lynx: ['lynx'], seal: ['seal'], swan: ['swan'], heron: ['heron'], badger: ['badger'] },
    cities: {},
  },
  da: {
    colours: { blue: 'Blå', green: 'Grøn', red: 'Rød', yellow: 'Gul', golden: 'Gylden', purple: 'Lilla', grey: 'Grå', white: 'Hvid', black: 'Sort', brown: 'Brun' },
    animals: { fox: ['ræv'], owl: ['ugle'], bear: ['bjørn'], otter: ['odder'], hare: ['hare'], deer: ['hjort'], wolf: ['ulv'], lynx: ['los'], seal: ['sæl'], swan: ['svane'], heron: ['hejre'], badger: ['grævling'] },
    cities: { Copenhagen: 'København', Brussels: 'Bruxelles', Warsaw: 'Warszawa', Prague: 'Prag', Rome: 'Rom', Lisbon: 'Lissabon', Vienna: 'Wien', Zurich: 'Zürich', Athens: 'Athen', Moscow: 'Moskva', Kiev: 'Kyiv', Kyiv: 'Kyiv' },
  },
  de: {
    colours: { blue: 'Blauer', green: 'Grüner', red: 'Roter', yellow: 'Gelber', golden: 'Goldener', purple: 'Violetter', grey: 'Grauer', white: 'Weißer', black: 'Schwarzer', brown: 'Brauner' },
    animals: { fox: ['Fuchs'], owl: ['Uhu'], bear: ['Bär'], otter: ['Otter'], hare: ['Hase'], deer: ['Hirsch'], wolf: ['Wolf'], lynx: ['Luchs'], seal: ['Seehund'], swan: ['Schwan'], heron: ['Reiher'], badger: ['Dachs'] },
    cities: { Copenhagen: 'Kopenhagen', Brussels: 'Brüssel', Warsaw: 'Warschau', Prague: 'Prag', Rome: 'Rom', Lisbon: 'Lissabon', Vienna: 'Wien', Zurich: 'Zürich', Athens: 'Athen', Moscow: 'Moskau', Kiev: 'Kyjiw', Kyiv: 'Kyjiw', Belgrade: 'Belgrad', Bucharest: 'Bukarest' },
  },
  nb: {
    colours: { blue: 'Blå', green: 'Grønn', red: 'Rød', yellow: 'Gul', golden: 'Gyllen', purple: 'Lilla', grey: 'Grå', white: 'Hvit', black: 'Svart', brown: 'Brun' },
    animals: { fox: ['rev'], owl: ['ugle'], bear: ['bjørn'], otter: ['oter'], hare: ['hare'], deer: ['hjort'], wolf: ['ulv'], lynx: ['gaupe'], seal: ['sel'], swan: ['svane'], heron: ['hegre'], badger: ['grevling'] },
    cities: { Copenhagen: 'København', Brussels: 'Brussel', Warsaw: 'Warszawa', Prague: 'Praha', Rome: 'Roma', Lisbon: 'Lisboa', Vienna: 'Wien', Zurich: 'Zürich', Athens: 'Athen', Moscow: 'Moskva', Kiev: 'Kyiv', Kyiv: 'Kyiv' },
  },
  lv: {
    colours: {
      blue: ['Zils', 'Zila'], green: ['Zaļš', 'Zaļa'], red: ['Sarkans', 'Sarkana'], yellow: ['Dzeltens', 'Dzeltena'], golden: ['Zeltains', 'Zeltaina'],
      purple: ['Violets', 'Violeta'], grey: ['Pelēks', 'Pelēka'], white: ['Balts', 'Balta'], black: ['Melns', 'Melna'], brown: ['Brūns', 'Brūna'],
    },
    animals: {
      fox: ['lapsa', 'f'], owl: ['pūce', 'f'], bear: ['lācis', 'm'], otter: ['ūdrs', 'm'], hare: ['zaķis', 'm'], deer: ['briedis', 'm'],
      wolf: ['vilks', 'm'], lynx: ['lūsis', 'm'], seal: ['ronis', 'm'], swan: ['gulbis', 'm'], heron: ['gārnis', 'm'], badger: ['āpsis', 'm'],
    },
    cities: {
      Riga: 'Rīga', Copenhagen: 'Kopenhāgena', Stockholm: 'Stokholma', Oslo: 'Oslo', Berlin: 'Berlīne', Helsinki: 'Helsinki', Tallinn: 'Tallina',
      Vilnius: 'Viļņa', Warsaw: 'Varšava', London: 'Londona', Paris: 'Parīze', Brussels: 'Brisele', Prague: 'Prāga', Rome: 'Roma',
      Lisbon: 'Lisabona', Vienna: 'Vīne', Zurich: 'Cīrihe', Amsterdam: 'Amsterdama', Madrid: 'Madride', Athens: 'Atēnas', Moscow: 'Maskava',
      Kiev: 'Kijiva', Kyiv: 'Kijiva', Dublin: 'Dublina', Minsk: 'Minska',
    },
  },
};
