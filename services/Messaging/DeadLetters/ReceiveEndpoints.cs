namespace Fabriques.Messaging.DeadLetters;

/// <summary>The queues this service consumes from, as MassTransit configured them; their dead letters are in <c>{queue}_error</c>.</summary>
public sealed class ReceiveEndpoints
{
    public const string ErrorSuffix = "_error";

    private readonly HashSet<string> _queues = [];

    public IReadOnlyList<string> Queues
    {
        get
        {
            lock (_queues)
            {
                return _queues.Order(StringComparer.Ordinal).ToList();
            }
        }
    }

    internal void Add(string queue)
    {
        lock (_queues)
        {
            _queues.Add(queue);
        }
    }
}
