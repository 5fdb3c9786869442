using FluentValidation;
using Microsoft.Extensions.Localization;

namespace EntryControl.Web.Infrastructure.Localization;

/// <summary>
/// Field names in FluentValidation's own messages ("'{PropertyName}' 不能为空。") come from the resources
/// (<c>Field.Region</c> → 区县 / County) in the request's language, so a Chinese page never shows "'Region' 不能为空。".
/// A rule's own <c>WithName</c> still wins; a property without a resource keeps FluentValidation's default.
/// </summary>
public sealed class ValidationNames(IStringLocalizer<SharedResource> t) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next)
    {
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) => member is null ? null : Of(member.Name);
        return next;
    }

    /// <summary>The localized name of a field (PascalCase or camelCase), or null when the resources have none.</summary>
    public string? Of(string field)
    {
        if (string.IsNullOrEmpty(field))
        {
            return null;
        }

        var name = t["Field." + char.ToUpperInvariant(field[0]) + field[1..]];
        return name.ResourceNotFound ? null : name.Value;
    }
}
