using System.Text.Json;
using FluentValidation.Results;

namespace Helpdesk.Infrastructure.Web;

/// <summary>A webhook's JSON body read after its signature was checked; malformed JSON is a 400 naming where it broke.</summary>
public static class WebhookJson
{
    public static T Parse<T>(byte[] body, JsonSerializerOptions options)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(body, options) ?? throw Invalid("body", "The body is empty.");
        }
        catch (JsonException e)
        {
            throw Invalid(e.Path is { Length: > 1 } path ? path.TrimStart('$', '.') : "body", $"The JSON is not valid: {e.Message}");
        }
    }

    public static ValidationException Invalid(string field, string message) => new([new ValidationFailure(field, message)]);
}
