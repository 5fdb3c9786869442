using EntryControl.Rules;
using EntryControl.Web.Features.PolicyAuthoring;
using EntryControl.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EntryControl.Web.Pages.Admin;

/// <summary>引导编辑: the usual changes of a notice as form fields, producing the next version as a draft.</summary>
public sealed class PolicyEditorModel(PolicyEditor editor, PolicyCatalog catalog, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Id { get; set; }

    [BindProperty]
    public GuidedForm Form { get; set; } = new();

    public GuidedValues? Values { get; private set; }

    public IReadOnlyList<(string Id, string Title)> PolicyChoices { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (Values is { } values)
        {
            Form = new GuidedForm
            {
                KeepPrefixes = [.. values.KeyRegions.Select(k => k.Prefix)],
                IsolationDays = values.IsolationDays?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                TestDays = values.TestDays,
                CertificateHours = values.CertificateHours?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                AdvanceRegistrationDays = values.AdvanceRegistrationDays?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                EffectiveFrom = IsoDates.Format(ChinaTime.LocalDate(clock.GetUtcNow())),
            };
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await editor.DraftAsync(User, new GuidedEdit(Id, Form.KeepPrefixes, Form.AddRegion, Form.IsolationDays, Form.TestDays,
            Form.CertificateHours, Form.AdvanceRegistrationDays, Form.EffectiveFrom, Form.NewCase), cancellationToken);
        if (result is ServiceResult<PolicyDraftView>.Ok { Value: var draft })
        {
            return RedirectToPage("PolicyVersion", new { id = draft.Id, version = draft.Version });
        }

        result.Switch(
            _ => { },
            errors => ModelState.AddServiceErrors(nameof(Form), errors,
                nameof(GuidedForm.AddRegion), nameof(GuidedForm.IsolationDays), nameof(GuidedForm.TestDays), nameof(GuidedForm.CertificateHours),
                nameof(GuidedForm.AdvanceRegistrationDays), nameof(GuidedForm.EffectiveFrom), nameof(GuidedForm.NewCase)),
            failure => ModelState.AddModelError(nameof(Form), failure.Detail));
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        PolicyChoices = [.. catalog.Policies.Where(p => !p.Superseded).GroupBy(p => p.Id).Select(g => g.MaxBy(p => p.Version)!).Select(p => (p.Id, p.Title))];
        Values = await editor.ValuesAsync(Id, cancellationToken);
    }

    public sealed class GuidedForm
    {
        public List<string> KeepPrefixes { get; set; } = [];

        public string? AddRegion { get; set; }

        public string? IsolationDays { get; set; }

        public string? TestDays { get; set; }

        public string? CertificateHours { get; set; }

        public string? AdvanceRegistrationDays { get; set; }

        public string? EffectiveFrom { get; set; }

        public string? NewCase { get; set; }
    }
}
