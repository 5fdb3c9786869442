using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace EntryControl.Web.Pages.Admin;

public static class ServiceErrors
{
    /// <summary>
    /// Copies a service's field errors (camelCase API names) next to the form's fields: <c>region</c> goes to
    /// <c>Add.Region</c>. A field the form does not show goes to the form's own key (<paramref name="prefix"/>),
    /// which the form displays at its top.
    /// </summary>
    public static void AddServiceErrors(this ModelStateDictionary modelState, string prefix, IDictionary<string, string[]> errors, params string[] fields)
    {
        foreach (var (field, messages) in errors)
        {
            var property = field.Length == 0 ? field : char.ToUpperInvariant(field[0]) + field[1..];
            var key = fields.Contains(property, StringComparer.Ordinal) ? $"{prefix}.{property}" : prefix;
            foreach (var message in messages)
            {
                modelState.AddModelError(key, message);
            }
        }
    }
}
