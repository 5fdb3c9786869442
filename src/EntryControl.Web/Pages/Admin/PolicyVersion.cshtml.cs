using EntryControl.Rules;
using EntryControl.Web.Features.Auth;
using EntryControl.Web.Features.PolicyAuthoring;
using EntryControl.Web.Features.Reevaluation;
using EntryControl.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EntryControl.Web.Pages.Admin;

/// <summary>
/// One version of a policy with every version beside it (status, author, publisher), what it changes against the
/// version in force in words, side by side, what publishing it would do to current declarations, and the publish form.
/// </summary>
public sealed class PolicyVersionModel(PolicyAuthoringService authoring, PolicyDiffer differ, TimeProvider clock, IStringLocalizer<SharedResource> t) : PageModel
{
    public string Id { get; private set; } = string.Empty;

    public int Version { get; private set; }

    public IReadOnlyList<PolicyVersionView> Versions { get; private set; } = [];

    public PolicyVersionView Current { get; private set; } = null!;

    public Policy? Compiled { get; private set; }

    public PolicyDiffView? Diff { get; private set; }

    public ImpactView? Impact { get; private set; }

    /// <summary>The signed-in admin uploaded this draft: another admin must publish it.</summary>
    public bool OwnDraft { get; private set; }

    [BindProperty]
    public string? EffectiveFrom { get; set; }

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(string id, int version, CancellationToken cancellationToken) =>
        await LoadAsync(id, version, cancellationToken) ? Page() : NotFound();

    /// <summary>预览: what publishing the draft from the date given would do, persisting nothing.</summary>
    public async Task<IActionResult> OnPostImpactAsync(string id, int version, CancellationToken cancellationToken)
    {
        (await authoring.ImpactAsync(id, version, new PublishRequest(EffectiveFrom), cancellationToken)).Switch(
            impact => Impact = impact,
            errors => ModelState.AddServiceErrors(nameof(EffectiveFrom), errors),
            failure => ModelState.AddModelError(nameof(EffectiveFrom), failure.Detail));
        return await LoadAsync(id, version, cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostPublishAsync(string id, int version, CancellationToken cancellationToken)
    {
        var result = await authoring.PublishAsync(User, id, version, new PublishRequest(EffectiveFrom), cancellationToken);
        if (result is ServiceResult<PublishedView>.Ok { Value: var published })
        {
            Message = t["PolicyAuthoring.Published", id, version, IsoDates.Format(published.EffectiveFrom)];
            return RedirectToPage(new { id, version });
        }

        result.Switch(
            _ => { },
            errors => ModelState.AddServiceErrors(nameof(EffectiveFrom), errors),
            failure => ModelState.AddModelError(nameof(EffectiveFrom), failure.Detail));
        return await LoadAsync(id, version, cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(string id, int version, CancellationToken cancellationToken)
    {
        if (await authoring.VersionsAsync(id, cancellationToken) is not ServiceResult<IReadOnlyList<PolicyVersionView>>.Ok { Value: var versions }
            || versions.FirstOrDefault(v => v.Version == version) is not { } current)
        {
            return false;
        }

        (Id, Version, Versions, Current) = (id, version, versions, current);
        EffectiveFrom ??= IsoDates.Format(ChinaTime.LocalDate(clock.GetUtcNow()));
        if (await authoring.ComparedAsync(id, version, cancellationToken) is var (compiled, _))
        {
            Compiled = compiled;
        }

        if ((await differ.DiffAsync(id, version, cancellationToken)) is ServiceResult<PolicyDiffView>.Ok { Value: var diff })
        {
            Diff = diff;
        }

        OwnDraft = current.Status == "draft" && (await authoring.DraftsAsync(id, cancellationToken))
            .Any(d => d.Version == version && d.CreatedById == User.StaffId());
        return true;
    }
}
