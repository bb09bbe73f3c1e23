using Fabriques.ServiceDefaults.Errors;

namespace Fabriques.ServiceDefaults.Http;

/// <summary>A page of a list, as every list of the contract answers it.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total);

/// <summary><c>?page=1&amp;pageSize=50</c>, validated: page from 1, pageSize from 1 to 200.</summary>
public readonly record struct PageRequest(int Page, int PageSize)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    /// <summary>Beyond it, <see cref="Skip"/> would overflow (a 500 instead of an empty page).</summary>
    public const int MaxPage = int.MaxValue / MaxPageSize;

    public int Skip => (Page - 1) * PageSize;

    /// <summary>Reads the query values, adding to <paramref name="errors"/> what is wrong.</summary>
    public static PageRequest From(int? page, int? pageSize, ValidationErrors errors)
    {
        var request = new PageRequest(page ?? 1, pageSize ?? DefaultPageSize);
        errors.AddIf(request.Page is < 1 or > MaxPage, "page", $"La page est comprise entre 1 et {MaxPage}.");
        errors.AddIf(request.PageSize is < 1 or > MaxPageSize, "pageSize", $"La taille de page est comprise entre 1 et {MaxPageSize}.");
        return request;
    }

    public Paged<T> Of<T>(IReadOnlyList<T> items, long total) => new(items, Page, PageSize, total);
}
