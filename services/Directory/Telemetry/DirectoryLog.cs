namespace Fabriques.Directory.Telemetry;

/// <summary>What the directory tells operators: ids and labels, never the places' contacts.</summary>
public static partial class DirectoryLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Place {PlaceId} registered")]
    public static partial void Registered(this ILogger logger, Guid placeId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Place {PlaceId} labelled {Label} by grant {GrantId}")]
    public static partial void Labelled(this ILogger logger, Guid placeId, string label, Guid grantId);
}
