namespace EntryControl.Rules;

/// <summary>Clause numbers as the notices write them: 一 … 九, 十, 十一 … 九十九.</summary>
public static class ChineseNumerals
{
    private const string Digits = "一二三四五六七八九";

    /// <summary>The value of a clause number (1..99), or 0 when it is not one.</summary>
    public static int Parse(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 3)
        {
            return 0;
        }

        int ten = text.IndexOf('十', StringComparison.Ordinal);
        if (ten < 0)
        {
            return text.Length == 1 ? Digit(text[0]) : 0;
        }

        int tens = ten switch
        {
            0 => 1,
            1 => Digit(text[0]) is var d and > 1 ? d : 0,
            _ => 0,
        };
        if (tens == 0)
        {
            return 0;
        }

        int rest = text.Length - ten - 1;
        return rest switch
        {
            0 => tens * 10,
            1 => Digit(text[ten + 1]) is var units and > 0 ? (tens * 10) + units : 0,
            _ => 0,
        };
    }

    private static int Digit(char c) => Digits.IndexOf(c, StringComparison.Ordinal) + 1;
}
