using Fabriques.Bench;

// Benchmarks run on demand, never in CI; each bounded in size and time, traffic only to 127.0.0.1.
// Usage: eng/prerequisites.sh dotnet run -c Release --project bench/Fabriques.Bench -- messaging [events] [runs]
return args switch
{
    ["messaging", ..] => await MessagingThroughput.RunAsync(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5_000,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 3),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Fabriques.Bench messaging [events=5000] [runs=3]");
    return 2;
}
