using System.Diagnostics;
using OpenTelemetry;

namespace Fabriques.ServiceDefaults.Redaction;

/// <summary>
/// Redacts each span as it ends, before any exporter reads it: attribute values (URLs, statements, messaging
/// headers), the status description and the attributes of its events (exception messages).
/// </summary>
internal sealed class RedactingActivityProcessor(Redactor redactor) : BaseProcessor<Activity>
{
    public override void OnEnd(Activity activity)
    {
        foreach (var (key, value) in activity.TagObjects.ToList())
        {
            if (redactor.Redact(key, value) is var redacted && !Equals(redacted, value))
            {
                activity.SetTag(key, redacted);
            }
        }
        if (activity.StatusDescription is { } description)
        {
            activity.SetStatus(activity.Status, redactor.Redact(description));
        }
        foreach (var @event in activity.Events)
        {
            // Events are immutable structs, but the tags collection they were given is not: redact it in place.
            if (@event.Tags is ActivityTagsCollection tags)
            {
                foreach (var (key, value) in tags.ToList())
                {
                    tags[key] = redactor.Redact(key, value);
                }
            }
        }
    }
}
