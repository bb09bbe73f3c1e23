using Fabriques.ServiceDefaults.Authentication;

namespace Fabriques.AppHost.Seed;

/// <summary>A tiers-lieu of Région Sud (real communes and INSEE codes; the places themselves are invented).</summary>
internal sealed record DemoPlace(
    string Name, string Description, string[] Kinds, string[] Roles, string Street, string PostalCode, string InseeCode, string Commune,
    double Latitude, double Longitude, string Territory, string? QpvCode, string? Website);

/// <summary>One move of a candidature: its route under <c>/api/candidatures/{id}/</c>, who makes it, the body.</summary>
internal sealed record DemoStep(string Action, bool ByOwner, object? Body)
{
    public const string SubmitAction = "submit";
    public const string ReopenAction = "reopen";

    public static readonly DemoStep Submit = new(SubmitAction, ByOwner: true, Body: null);
    public static readonly DemoStep Withdraw = new("withdraw", ByOwner: true, Body: null);
    public static readonly DemoStep Review = new("review", ByOwner: false, Body: null);

    public static DemoStep Return(string motivation) => new("return", ByOwner: false, new { motivation });
    public static DemoStep Accept(decimal score, string motivation) => new("decision", ByOwner: false, new { decision = "accepted", motivation, score });
    public static DemoStep Reject(decimal score, string motivation) => new("decision", ByOwner: false, new { decision = "rejected", motivation, score });
    public static DemoStep Dismiss(string motivation) => new("decision", ByOwner: false, new { decision = "dismissed", motivation });
    public static DemoStep Reopen(string motivation) => new(ReopenAction, ByOwner: false, new { motivation });
}

/// <summary>How far the first instalment of an accepted candidature's grant goes.</summary>
internal enum DemoInstalment
{
    Planned,
    Committed,
    Paid,
}

/// <summary>
/// A porteur, their place and their candidature, and the steps that bring it to the state the demo shows. Amounts fit
/// the programme's default caps (at most 50 000 € a year, 75 000 to 150 000 € in all, 2 or 3 years).
/// </summary>
internal sealed record DemoDossier(
    string Key, DemoPerson Porteur, DemoPlace Place, string Organisation, string Pivot, string LegalStatus, string Summary,
    string[] Services, string[] Partners, decimal JobsFte, bool Digital, decimal AmountPerYear, int DurationYears,
    IReadOnlyList<DemoStep> Steps, object? Opinion = null, DemoInstalment Instalment = DemoInstalment.Planned);

/// <summary>
/// The demo's twelve candidatures: one in each state of the contract (draft, submitted, under review, returned,
/// accepted, rejected, dismissed, withdrawn), one returned and submitted again, one reopened after its acceptance, and
/// three accepted ones whose grants show a planned, a committed and a paid first instalment. The paid one is a
/// Fabrique numérique in a QPV (digital bonus). Pivots are made-up SIRETs with a valid Luhn key; QPV codes have the 2024 form.
/// </summary>
internal static class DemoDossiers
{
    private static DemoPerson Porteur(string key, string name) =>
        new($"demo-porteur-{key}", name, $"{key}@example.org", Roles.Porteur);

    private static readonly string[] Resources = ["resources", "training"];
    private static readonly string[] Inclusion = ["resources", "digital-inclusion"];

    public static readonly IReadOnlyList<DemoDossier> All =
    [
        new("forcalquier", Porteur("lea.girard", "Léa Girard"),
            new("La Ruche de Forcalquier", "Coworking et atelier partagé au cœur du pays de Forcalquier.", ["coworking", "atelier-partage"], Resources,
                "12 boulevard de la République", "04300", "04088", "Forcalquier", 43.9597, 5.7803, "rural", null, null),
            "Association La Ruche", "48818212200074", "association", "Un lieu pour travailler, fabriquer et se former sans descendre à Manosque.",
            ["coworking", "atelier partagé"], ["Communauté de communes Pays de Forcalquier-Montagne de Lure"], 1.5m, false, 40_000m, 3,
            []),
        new("gap", Porteur("hugo.lambert", "Hugo Lambert"),
            new("Le Cairn, tiers-lieu gapençais", "Fablab, coworking et repair café au pied du Charance.", ["fablab", "coworking"], Resources,
                "5 rue Carnot", "05000", "05061", "Gap", 44.5594, 6.0786, "urban", null, "https://le-cairn.example.org"),
            "SCIC Le Cairn", "61591218900045", "scic", "Un fablab ouvert aux artisans et aux lycéens du Gapençais.",
            ["fablab", "repair café"], ["Ville de Gap", "Lycée Aristide-Briand"], 3m, false, 50_000m, 3,
            [DemoStep.Submit]),
        new("briancon", Porteur("ines.moreau", "Inès Moreau"),
            new("L'Escale numérique de Briançon", "Médiation numérique et espace de travail pour les saisonniers.", ["coworking", "other"], Inclusion,
                "2 avenue du Général-de-Gaulle", "05100", "05023", "Briançon", 44.8986, 6.6436, "rural", null, null),
            "Association L'Escale", "54769947800038", "association", "Accompagner les saisonniers dans leurs démarches en ligne, entre deux saisons.",
            ["médiation numérique", "coworking"], ["Communauté de communes du Briançonnais"], 2m, false, 45_000m, 2,
            [DemoStep.Submit, DemoStep.Review],
            Opinion: new
            {
                verdict = "favourable", scores = new { governance = 4, partnerships = 3, territorialNeed = 5, economicModel = 3, services = 4, digitalInclusion = 4 },
                comment = "Besoin avéré chez les saisonniers ; le modèle économique reste à consolider après la troisième année.",
            }),
        new("arles", Porteur("nadia.benali", "Nadia Benali"),
            new("Le Quai des Savoirs d'Arles", "Tiers-lieu culturel et numérique au bord du Rhône.", ["friche-culturelle", "makerspace"], Inclusion,
                "8 quai Marx-Dormoy", "13200", "13004", "Arles", 43.6790, 4.6270, "urban", null, "https://quai-des-savoirs.example.org"),
            "Association Quai des Savoirs", "57970410300012", "association", "Une friche culturelle ouverte aux habitants, avec un makerspace.",
            ["makerspace", "résidences d'artistes"], ["Ville d'Arles", "Parc naturel régional de Camargue"], 2.5m, false, 50_000m, 2,
            [DemoStep.Submit, DemoStep.Review,
                DemoStep.Return("Le budget prévisionnel ne couvre pas la seconde année : précisez les cofinancements attendus.")]),
        new("aubagne", Porteur("julien.roux", "Julien Roux"),
            new("La Fabrique des Aubagnais", "Atelier partagé et garage solidaire au service des habitants.", ["atelier-partage", "garage-solidaire"], Resources,
                "14 cours Voltaire", "13400", "13005", "Aubagne", 43.2927, 5.5708, "periurban", null, null),
            "Association Les Aubagnais", "53971416500096", "association", "Réparer plutôt que jeter : un garage solidaire et un atelier partagé.",
            ["garage solidaire", "atelier bois"], ["Métropole Aix-Marseille-Provence"], 4m, false, 37_500m, 2,
            [DemoStep.Submit, DemoStep.Review,
                DemoStep.Return("Joignez la lettre de soutien de la commune, annoncée dans le dossier."),
                DemoStep.Submit, DemoStep.Review]),
        new("marseille", Porteur("samir.haddad", "Samir Haddad"),
            new("La Friche numérique de Belsunce", "Fabrique numérique : médiation, fablab et formation au code pour le quartier.", ["fablab", "makerspace"], Inclusion,
                "20 rue du Bon-Pasteur", "13001", "13201", "Marseille", 43.3008, 5.3779, "qpv", "QN01301M", "https://friche-belsunce.example.org"),
            "Association Belsunce Numérique", "86343200100049", "association", "Former les jeunes du quartier aux métiers du numérique, au pied de chez eux.",
            ["fablab", "formation au code", "médiation numérique"], ["Ville de Marseille", "Pôle emploi Marseille Centre"], 5m, true, 50_000m, 3,
            [DemoStep.Submit, DemoStep.Review, DemoStep.Accept(88m, "Projet remarquable, au cœur d'un quartier prioritaire.")],
            Instalment: DemoInstalment.Paid),
        new("toulon", Porteur("marion.faure", "Marion Faure"),
            new("Le Hangar solidaire de Toulon", "Ressourcerie, ateliers de réparation et coworking associatif.", ["atelier-partage", "coworking"], Resources,
                "3 rue Picot", "83000", "83137", "Toulon", 43.1250, 5.9360, "qpv", "QN08302M", null),
            "SCIC Le Hangar", "35539879300099", "scic", "Une ressourcerie qui forme et emploie des habitants du centre ancien.",
            ["ressourcerie", "ateliers de réparation"], ["Métropole Toulon Provence Méditerranée"], 6m, false, 45_000m, 3,
            [DemoStep.Submit, DemoStep.Review, DemoStep.Accept(81m, "Ancrage local fort et partenariats solides.")],
            Instalment: DemoInstalment.Committed),
        new("apt", Porteur("paul.mercier", "Paul Mercier"),
            new("La Grange d'Apt", "Tiers-lieu agricole et numérique du pays d'Apt.", ["coworking", "other"], Resources,
                "Chemin de la Grange", "84400", "84003", "Apt", 43.8765, 5.3965, "rural", null, null),
            "Association La Grange", "33883248400012", "association", "Relier producteurs et habitants autour d'un lieu de travail et de vente partagé.",
            ["coworking", "marché de producteurs"], ["Parc naturel régional du Luberon"], 2m, false, 40_000m, 2,
            [DemoStep.Submit, DemoStep.Review, DemoStep.Accept(76m, "Projet cohérent avec les besoins du territoire.")]),
        new("grasse", Porteur("elodie.bernard", "Élodie Bernard"),
            new("Le Tiers-lieu du pays grassois", "Espace de coworking pour les indépendants du pays grassois.", ["coworking"], Resources,
                "9 boulevard du Jeu-de-Ballon", "06130", "06069", "Grasse", 43.6583, 6.9225, "urban", null, null),
            "SAS Coworking Grassois", "41846899200049", "sas", "Un coworking pour les indépendants du bassin grassois.",
            ["coworking"], [], 1m, false, 50_000m, 3,
            [DemoStep.Submit, DemoStep.Review,
                DemoStep.Reject(42m, "Le modèle économique repose entièrement sur la subvention et l'offre existe déjà à moins de 5 km.")]),
        new("carpentras", Porteur("antoine.blanc", "Antoine Blanc"),
            new("L'Atelier de Carpentras", "Atelier partagé de travail du bois et du métal.", ["atelier-partage"], Resources,
                "21 rue de la Porte-de-Mazan", "84200", "84031", "Carpentras", 44.0556, 5.0481, "urban", null, null),
            "Association L'Atelier", "97500419600054", "association", "Mutualiser les machines des artisans du Comtat.",
            ["atelier bois", "atelier métal"], ["Chambre de métiers de Vaucluse"], 1.5m, false, 40_000m, 2,
            [DemoStep.Submit, DemoStep.Review,
                DemoStep.Dismiss("Le porteur nous informe que le local n'est plus disponible : le dossier est classé sans suite.")]),
        new("brignoles", Porteur("sophie.garcia", "Sophie Garcia"),
            new("Le Bercail de Brignoles", "Café associatif et espace numérique en Provence verte.", ["social-place", "other"], Inclusion,
                "6 place Carami", "83170", "83023", "Brignoles", 43.4058, 6.0616, "rural", null, null),
            "Association Le Bercail", "81587985400025", "association", "Un café associatif qui accompagne les démarches en ligne.",
            ["café associatif", "médiation numérique"], ["Agglomération Provence Verte"], 2m, false, 37_500m, 2,
            [DemoStep.Submit, DemoStep.Withdraw]),
        new("ubaye", Porteur("thomas.martin", "Thomas Martin"),
            new("La Coopérative de l'Ubaye", "Coworking, fablab et point France services de la vallée de l'Ubaye.", ["coworking", "fablab"], Inclusion,
                "4 place Manuel", "04400", "04019", "Barcelonnette", 44.3866, 6.6528, "rural", null, null),
            "SCIC Ubaye Coopérative", "89823496900084", "scic", "Un lieu ressource pour une vallée de montagne isolée.",
            ["coworking", "fablab", "France services"], ["Communauté de communes Vallée de l'Ubaye"], 3m, false, 50_000m, 3,
            [DemoStep.Submit, DemoStep.Review, DemoStep.Accept(75m, "Projet retenu."),
                DemoStep.Reopen("Un cofinanceur s'est retiré : le plan de financement doit être revu avant la décision.")]),
    ];
}
