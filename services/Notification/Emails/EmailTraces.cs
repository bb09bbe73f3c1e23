using System.Diagnostics;
using Fabriques.Notification.Domain;
using Microsoft.Extensions.Caching.Memory;

namespace Fabriques.Notification.Emails;

/// <summary>
/// The trace context of the event each e-mail was written for, handed by the consumer to the sender of this process,
/// so that the SMTP send shows in the event's trace. The e-mail row has no column for it: an e-mail sent by another
/// replica, after a restart or more than an hour later starts a trace of its own; nothing else depends on it.
/// </summary>
public sealed class EmailTraces : IDisposable
{
    private static readonly TimeSpan KeptFor = TimeSpan.FromHours(1);
    private readonly MemoryCache _contexts = new(new MemoryCacheOptions { SizeLimit = 10_000 });

    /// <summary>Keyed as the e-mail is unique: a redelivered event overwrites its own entry.</summary>
    public void Remember(Guid eventId, string template, ActivityContext context) =>
        _contexts.Set((eventId, template), context, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = KeptFor });

    public ActivityContext Of(Email email) =>
        _contexts.TryGetValue((email.EventId, email.Template), out ActivityContext context) ? context : default;

    /// <summary>Once sent or given up, no attempt follows.</summary>
    public void Forget(Email email) => _contexts.Remove((email.EventId, email.Template));

    public void Dispose() => _contexts.Dispose();
}
