using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EntryControl.Web.Infrastructure.Http;

/// <summary>
/// Text a client may send: no NUL (PostgreSQL refuses it in text), no other C0 control character but tab, line feed
/// and carriage return, and no lone surrogate (it cannot be written as UTF-8). Checked once at the edge — query,
/// route and form values by <see cref="RequestInputGuard"/>, JSON strings by <see cref="SafeStringJsonConverter"/> — so
/// no service has to.
/// </summary>
public static class InputText
{
    public static bool IsAcceptable(string? text) => text is null || IndexOfRefused(text) < 0;

    public static int IndexOfRefused(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < ' ' && c is not ('\t' or '\n' or '\r'))
            {
                return i;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Whether a <c>charset</c> of a Content-Type names an encoding the framework can read.</summary>
    public static bool IsKnownCharset(string charset)
    {
        try
        {
            _ = Encoding.GetEncoding(charset);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (NotSupportedException)
        {
            return false;
        }
    }
}

/// <summary>A JSON string with a character <see cref="InputText"/> refuses: the 400 names the field.</summary>
public sealed class RefusedTextJsonException(string message) : JsonException(message);

/// <summary>Reads every JSON string of a request body through <see cref="InputText"/>.</summary>
public sealed class SafeStringJsonConverter : JsonConverter<string>
{
    public const string Message = "The value contains a control character (such as NUL) that is not allowed.";

    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a string, got {reader.TokenType}.");
        }

        var text = reader.GetString();
        return InputText.IsAcceptable(text) ? text : throw new RefusedTextJsonException(Message);
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
