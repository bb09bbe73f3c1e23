namespace Fabriques.Testing;

/// <summary>Waits for an asynchronous effect (a message consumed, a row written) instead of sleeping a guessed time.</summary>
public static class Eventually
{
    public static async Task SucceedsAsync(Func<Task<bool>> condition, TimeSpan timeout, string because)
    {
        var deadline = DateTime.UtcNow + timeout;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or InvalidOperationException or TaskCanceledException)
            {
                last = exception;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"{because} within {timeout.TotalSeconds} s.", last);
    }

    /// <summary>Polls <paramref name="probe"/> until it returns a value, and returns it.</summary>
    public static async Task<T> ReturnsAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string because) where T : class
    {
        T? result = null;
        await SucceedsAsync(async () => (result = await probe()) is not null, timeout, because);
        return result!;
    }
}
