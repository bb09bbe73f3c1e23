using System.Globalization;

namespace Fabriques.Grants.Domain;

/// <summary>Euros as the programme counts them: <c>decimal</c>, to the cent, written the French way.</summary>
public static class Money
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>True when <paramref name="amount"/> has no fraction of a cent.</summary>
    public static bool IsInCents(decimal amount) => decimal.Round(amount, 2) == amount;

    /// <summary>e.g. <c>37 500 €</c> or <c>33 333,33 €</c>.</summary>
    public static string Format(decimal amount) => amount.ToString("#,0.##", French) + " €";
}
