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
        // Most spans have nothing to redact: read the tags without copying them, and change only those that differ.
        List<KeyValuePair<string, object?>>? redactedTags = null;
        foreach (ref readonly var tag in activity.EnumerateTagObjects())
        {
            if (redactor.Redact(tag.Key, tag.Value) is var redacted && !Equals(redacted, tag.Value))
            {
                (redactedTags ??= []).Add(new(tag.Key, redacted));
            }
        }
        foreach (var (key, value) in redactedTags ?? [])
        {
            activity.SetTag(key, value);
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
