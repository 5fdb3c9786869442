using Microsoft.Extensions.Localization;

namespace EntryControl.Web.Infrastructure;

/// <summary>A page of a list that can grow without bound, as api.md's conventions shape it.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);

public static class Paging
{
    /// <summary>api.md, Conventions: at most 500 a page.</summary>
    public const int MaxPageSize = 500;

    /// <summary>The last page anyone can ask for: beyond it, <c>(page - 1) * pageSize</c> would overflow into a negative OFFSET.</summary>
    public const int MaxPage = int.MaxValue / MaxPageSize;

    /// <summary>
    /// <c>?page=</c> (from 1, default 1) and <c>?pageSize=</c> (1 to <see cref="MaxPageSize"/>, default
    /// <paramref name="defaultPageSize"/>); an out-of-range value is reported in <paramref name="errors"/>.
    /// </summary>
    public static (int Page, int PageSize) Read(int? page, int? pageSize, int defaultPageSize, IDictionary<string, string[]> errors, IStringLocalizer<SharedResource> t)
    {
        if (page is < 1 or > MaxPage)
        {
            errors["page"] = [t["Paging.Page"]];
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [t["Paging.PageSize", MaxPageSize]];
        }

        return (Math.Clamp(page ?? 1, 1, MaxPage), Math.Clamp(pageSize ?? defaultPageSize, 1, MaxPageSize));
    }
}
