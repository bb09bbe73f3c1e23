using System.Collections.Frozen;
using Fabriques.Contracts.Candidature;
using Fabriques.Contracts.Directory;
using Fabriques.Contracts.Grants;

namespace Fabriques.Contracts.Partners;

/// <summary>
/// The partner projection: for each internal event type, the public payload that leaves the platform. An event type
/// without a projection here cannot be published to partners (a test checks every type of the contract has one).
/// </summary>
public static class PartnerProjection
{
    /// <summary>Version of the public payloads, in their CloudEvents <c>dataschema</c>.</summary>
    public const string Version = "v1";

    private const string SchemaBase = "https://fabriques.anct.gouv.fr/events/";

    private sealed record Projection(Type PayloadType, Func<IntegrationEvent, PartnerEvent> Project);

    private static readonly FrozenDictionary<Type, Projection> Projections = new Dictionary<Type, Projection>
    {
        [typeof(PlaceRegistered)] = Of<PlaceRegistered, PlaceRegisteredV1>(e => new()
        {
            EventId = e.EventId, OccurredAt = e.OccurredAt, PlaceId = e.PlaceId, Name = e.Name, InseeCode = e.InseeCode,
            DepartmentCode = e.DepartmentCode, RegionCode = e.RegionCode,
        }),
        [typeof(PlaceUpdated)] = Of<PlaceUpdated, PlaceUpdatedV1>(e => new()
        {
            EventId = e.EventId, OccurredAt = e.OccurredAt, PlaceId = e.PlaceId, Name = e.Name, InseeCode = e.InseeCode,
            DepartmentCode = e.DepartmentCode, RegionCode = e.RegionCode, Archived = e.Archived,
        }),
        [typeof(PlaceLabelled)] = Of<PlaceLabelled, PlaceLabelledV1>(e => new()
        {
            EventId = e.EventId, OccurredAt = e.OccurredAt, PlaceId = e.PlaceId, Label = e.Label, Since = e.Since,
            GrantId = e.GrantId, Removed = e.Removed,
        }),
        [typeof(WaveOpened)] = Of<WaveOpened, WaveOpenedV1>(e => new()
        {
            EventId = e.EventId, OccurredAt = e.OccurredAt, WaveId = e.WaveId, Name = e.Name, OpensAt = e.OpensAt,
            Deadline = e.Deadline, MaxLaureates = e.MaxLaureates,
        }),
        [typeof(WaveClosed)] = Of<WaveClosed, WaveClosedV1>(e => new()
        {
            EventId = e.EventId, OccurredAt = e.OccurredAt, WaveId = e.WaveId, Name = e.Name, Deadline = e.Deadline,
        }),
        [typeof(CandidatureSubmitted)] = Of<CandidatureSubmitted, CandidatureSubmittedV1>(e => new()
        {
            EventId = e.EventId, OccurredAt = e.OccurredAt, CandidatureId = e.CandidatureId, PlaceId = e.PlaceId,
            OrganisationName = e.Contact.OrganisationName, State = "submitted",
            WaveId = e.WaveId, WaveName = e.WaveName, Deadline = e.Deadline,
        }),
        [typeof(CandidatureReviewStarted)] = StateChange<CandidatureReviewStarted>("under-review"),
        [typeof(CandidatureReturned)] = StateChange<CandidatureReturned>("returned"),
        [typeof(CandidatureAccepted)] = Of<CandidatureAccepted, CandidatureAcceptedV1>(e => new()
        {
            EventId = e.EventId, OccurredAt = e.OccurredAt, CandidatureId = e.CandidatureId, PlaceId = e.PlaceId,
            OrganisationName = e.Contact.OrganisationName, State = "accepted",
            WaveId = e.WaveId, Territory = e.Territory, QpvCode = e.QpvCode, Digital = e.Digital,
            AmountPerYear = e.AmountPerYear, DurationYears = e.DurationYears, DepartmentCode = e.DepartmentCode,
        }),
        [typeof(CandidatureRejected)] = StateChange<CandidatureRejected>("rejected"),
        [typeof(CandidatureDismissed)] = StateChange<CandidatureDismissed>("dismissed"),
        [typeof(CandidatureReopened)] = StateChange<CandidatureReopened>("under-review"),
        [typeof(CandidatureWithdrawn)] = StateChange<CandidatureWithdrawn>("withdrawn"),
        [typeof(ProgrammeSettingsChanged)] = Of<ProgrammeSettingsChanged, ProgrammeSettingsChangedV1>(e => new()
        {
            EventId = e.EventId, OccurredAt = e.OccurredAt, ProgrammeId = e.ProgrammeId, Envelope = e.Envelope,
            QpvTarget = e.QpvTarget, DigitalTarget = e.DigitalTarget, OutsideLargeUrbanCentresTarget = e.OutsideLargeUrbanCentresTarget,
            MaxPerYear = e.MaxPerYear, MinTotal = e.MinTotal, MaxTotal = e.MaxTotal, Durations = e.Durations, DigitalBonus = e.DigitalBonus,
        }),
        [typeof(GrantAwarded)] = Of<GrantAwarded, GrantAwardedV1>(e => new()
        {
            EventId = e.EventId, OccurredAt = e.OccurredAt, GrantId = e.GrantId, CandidatureId = e.CandidatureId,
            PlaceId = e.PlaceId, OrganisationName = e.Contact.OrganisationName, Territory = e.Territory,
            Digital = e.Digital, Total = e.Total, Instalments = e.Instalments,
        }),
        [typeof(GrantAwardRefused)] = Of<GrantAwardRefused, GrantAwardRefusedV1>(e => new()
        {
            EventId = e.EventId, OccurredAt = e.OccurredAt, CandidatureId = e.CandidatureId, PlaceId = e.PlaceId,
        }),
        [typeof(InstalmentCommitted)] = Of<InstalmentCommitted, InstalmentCommittedV1>(e => new()
        {
            EventId = e.EventId, OccurredAt = e.OccurredAt, GrantId = e.GrantId, CandidatureId = e.CandidatureId,
            Year = e.Year, Amount = e.Amount,
        }),
        [typeof(InstalmentPaid)] = Of<InstalmentPaid, InstalmentPaidV1>(e => new()
        {
            EventId = e.EventId, OccurredAt = e.OccurredAt, GrantId = e.GrantId, CandidatureId = e.CandidatureId,
            OrganisationName = e.Contact.OrganisationName, Year = e.Year, Amount = e.Amount, PaidOn = e.PaidOn,
            Reference = e.Reference,
        }),
        [typeof(GrantCancelled)] = Of<GrantCancelled, GrantCancelledV1>(e => new()
        {
            EventId = e.EventId, OccurredAt = e.OccurredAt, GrantId = e.GrantId, CandidatureId = e.CandidatureId,
            PlaceId = e.PlaceId, ReturnedToEnvelope = e.ReturnedToEnvelope,
        }),
    }.ToFrozenDictionary();

    /// <summary>The public payload of <paramref name="event"/>.</summary>
    public static PartnerEvent Project(IntegrationEvent @event) => Find(@event.GetType()).Project(@event);

    /// <summary>The CLR type of the public payload of an internal event type (for schemas and deserialisation).</summary>
    public static Type PayloadTypeOf(Type eventType) => Find(eventType).PayloadType;

    public static bool Covers(Type eventType) => Projections.ContainsKey(eventType);

    /// <summary>CloudEvents <c>dataschema</c> of a public payload, e.g. <c>…/events/v1/place.registered</c>.</summary>
    public static Uri DataSchemaOf(Type eventType) =>
        new(SchemaBase + Version + "/" + EventTypes.Of(eventType)[EventTypes.Prefix.Length..]);

    private static Projection Find(Type eventType) =>
        Projections.TryGetValue(eventType, out var projection)
            ? projection
            : throw new ArgumentException($"{eventType} has no partner projection: add one before it can leave the platform.", nameof(eventType));

    private static Projection Of<TEvent, TPayload>(Func<TEvent, TPayload> project)
        where TEvent : IntegrationEvent where TPayload : PartnerEvent =>
        new(typeof(TPayload), e => project((TEvent)e));

    private static Projection StateChange<TEvent>(string state) where TEvent : CandidatureEvent =>
        Of<TEvent, CandidatureStateChangedV1>(e => new()
        {
            EventId = e.EventId, OccurredAt = e.OccurredAt, CandidatureId = e.CandidatureId, PlaceId = e.PlaceId,
            OrganisationName = e.Contact.OrganisationName, State = state,
        });
}
