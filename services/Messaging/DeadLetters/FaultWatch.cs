using MassTransit;

namespace Fabriques.Messaging.DeadLetters;

/// <summary>Tells the dead-letter count when a consumer of this process fails (<see cref="DeadLetterQueues.FaultSeen"/>).</summary>
internal sealed class FaultWatch(DeadLetterQueues deadLetters) : IConsumeObserver
{
    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class
    {
        deadLetters.FaultSeen();
        return Task.CompletedTask;
    }
}
