namespace Fabriques.ServiceDefaults.Errors;

/// <summary>
/// Text a service can store as it is: PostgreSQL refuses the NUL character in text, and broken UTF-16 (a lone
/// surrogate) cannot be encoded. Such input is the caller's 400, never a 500 at the first write.
/// </summary>
public static class StorableText
{
    public const string Problem = "Ce champ contient des caractères invalides (caractère nul ou UTF-16 mal formé).";

    public static bool IsStorable(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0' || char.IsLowSurrogate(c))
            {
                return false;
            }
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return false;
                }
                i++;
            }
        }
        return true;
    }
}
