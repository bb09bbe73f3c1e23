using Fabriques.Contracts;
using Fabriques.Contracts.Candidature;
using Fabriques.Contracts.Grants;

namespace Fabriques.Grants.Domain;

/// <summary>
/// The national programme (one row): its envelope, its targets, the caps of a grant and the digital bonus. It decides
/// whether an accepted candidature can still be funded.
/// </summary>
public sealed class Programme
{
    public const int TheProgramme = 1;

    /// <summary>A grant lasts 2 or 3 years, one instalment a year.</summary>
    public static readonly IReadOnlyList<int> Durations = ProgrammeSettingsChanged.Default.Durations;

    private Programme() { }

    public int Id { get; private set; }
    public decimal Envelope { get; private set; }
    public int QpvTarget { get; private set; }
    public int DigitalTarget { get; private set; }
    public int OutsideLargeUrbanCentresTarget { get; private set; }
    public decimal MaxPerYear { get; private set; }
    public decimal MinTotal { get; private set; }
    public decimal MaxTotal { get; private set; }
    public decimal DigitalBonus { get; private set; }
    public DateTimeOffset? UpdatedAt { get; private set; }
    /// <summary>Subject of the gestionnaire who last changed the settings.</summary>
    public string? UpdatedBy { get; private set; }
    /// <summary>Row version (PostgreSQL <c>xmin</c>): the ETag of the settings.</summary>
    public uint Version { get; private set; }

    public ProgrammeSettings Settings => new(
        Envelope, QpvTarget, DigitalTarget, OutsideLargeUrbanCentresTarget, MaxPerYear, MinTotal, MaxTotal, DigitalBonus);

    public static Programme Create(ProgrammeSettings settings)
    {
        var programme = new Programme { Id = TheProgramme };
        programme.Apply(settings);
        return programme;
    }

    /// <summary>The settings as the candidature service must know them, to check submissions against them.</summary>
    public ProgrammeSettingsChanged Announce(DateTimeOffset at) => new()
    {
        OccurredAt = at,
        Envelope = Envelope,
        QpvTarget = QpvTarget,
        DigitalTarget = DigitalTarget,
        OutsideLargeUrbanCentresTarget = OutsideLargeUrbanCentresTarget,
        MaxPerYear = MaxPerYear,
        MinTotal = MinTotal,
        MaxTotal = MaxTotal,
        Durations = Durations,
        DigitalBonus = DigitalBonus,
    };

    /// <summary>What a grant on <paramref name="terms"/> costs the envelope: the subsidy plus the digital bonus.</summary>
    public decimal CostOf(GrantTerms terms) => terms.Subsidy + (terms.Digital ? DigitalBonus : 0m);

    /// <summary>
    /// Every reason, in French, why <paramref name="terms"/> cannot be funded given <paramref name="usage"/>; empty
    /// when the grant fits. The caps were checked at submission already: checked again here, in defence of the money,
    /// and first: the targets and the envelope are only weighed for a grant within the caps.
    /// </summary>
    public IReadOnlyList<string> RefusalsOf(GrantTerms terms, ProgrammeUsage usage)
    {
        var refusals = new List<string>();
        void RefuseIf(bool broken, string reason)
        {
            if (broken)
            {
                refusals.Add(reason);
            }
        }

        RefuseIf(terms.AmountPerYear <= 0, "Le montant annuel doit être positif.");
        RefuseIf(!Money.IsInCents(terms.AmountPerYear),
            "Le montant annuel doit être exprimé au centime près (2 décimales au plus).");
        RefuseIf(terms.AmountPerYear > MaxPerYear,
            $"Le montant annuel de {Money.Format(terms.AmountPerYear)} dépasse le plafond de {Money.Format(MaxPerYear)} par an.");
        RefuseIf(!Durations.Contains(terms.DurationYears),
            $"La durée de {terms.DurationYears} an(s) n'est pas prévue : une subvention dure 2 ou 3 ans.");
        // Only a sane yearly amount and duration make a total worth judging (nor may it overflow).
        if (refusals.Count == 0 && (terms.Subsidy < MinTotal || terms.Subsidy > MaxTotal))
        {
            refusals.Add($"Le total de {Money.Format(terms.Subsidy)} sort de la fourchette de {Money.Format(MinTotal)} à {Money.Format(MaxTotal)}.");
        }
        RefuseIf(terms.Digital && terms.Territory != TerritoryKind.Qpv,
            "Une Fabrique numérique doit être située dans un quartier prioritaire (QPV).");
        if (refusals.Count > 0)
        {
            return refusals; // a grant outside the rules is refused whatever is left
        }

        RefuseIf(terms.Territory == TerritoryKind.Qpv && usage.Qpv >= QpvTarget,
            $"L'objectif de {QpvTarget} Fabriques en quartier prioritaire (QPV) est atteint.");
        RefuseIf(terms.Territory == TerritoryKind.OutsideLargeUrbanCentres && usage.OutsideLargeUrbanCentres >= OutsideLargeUrbanCentresTarget,
            $"L'objectif de {OutsideLargeUrbanCentresTarget} Fabriques hors des grands centres urbains est atteint.");
        RefuseIf(terms.Digital && usage.Digital >= DigitalTarget,
            $"L'objectif de {DigitalTarget} Fabriques numériques est atteint.");

        var remaining = Envelope - usage.Committed;
        RefuseIf(CostOf(terms) > remaining,
            $"L'enveloppe du programme ne suffit plus : il reste {Money.Format(remaining)} pour une subvention de {Money.Format(CostOf(terms))}.");
        return refusals;
    }

    /// <summary>
    /// Replaces the settings, unless they would fall below what is already committed or counted: then it is
    /// refused, every reason in one message, and nothing changes.
    /// </summary>
    public Refusal? Update(ProgrammeSettings settings, ProgrammeUsage usage, string by, DateTimeOffset at)
    {
        var refusals = new List<string>();
        if (settings.Envelope < usage.Committed)
        {
            refusals.Add($"L'enveloppe ne peut pas descendre sous les {Money.Format(usage.Committed)} déjà engagés.");
        }
        if (settings.QpvTarget < usage.Qpv)
        {
            refusals.Add($"L'objectif QPV ne peut pas descendre sous les {usage.Qpv} subventions déjà attribuées.");
        }
        if (settings.DigitalTarget < usage.Digital)
        {
            refusals.Add($"L'objectif numérique ne peut pas descendre sous les {usage.Digital} subventions déjà attribuées.");
        }
        if (settings.OutsideLargeUrbanCentresTarget < usage.OutsideLargeUrbanCentres)
        {
            refusals.Add("L'objectif hors des grands centres urbains ne peut pas descendre sous les "
                         + $"{usage.OutsideLargeUrbanCentres} subventions déjà attribuées.");
        }
        if (refusals.Count > 0)
        {
            return new Refusal(GrantRefusals.BelowUsage, string.Join(" ", refusals));
        }
        Apply(settings);
        UpdatedAt = at;
        UpdatedBy = by;
        return null;
    }

    private void Apply(ProgrammeSettings settings)
    {
        Envelope = settings.Envelope;
        QpvTarget = settings.QpvTarget;
        DigitalTarget = settings.DigitalTarget;
        OutsideLargeUrbanCentresTarget = settings.OutsideLargeUrbanCentresTarget;
        MaxPerYear = settings.MaxPerYear;
        MinTotal = settings.MinTotal;
        MaxTotal = settings.MaxTotal;
        DigitalBonus = settings.DigitalBonus;
    }
}
