using EntryControl.Web.Features.Auth;
using EntryControl.Web.Features.Checkpoints;
using EntryControl.Web.Features.Communities;
using EntryControl.Web.Features.Staff;
using EntryControl.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EntryControl.Web.Pages.Admin;

/// <summary>工作人员管理: accounts with their role and scope, disabling and new passwords.</summary>
public sealed class StaffModel(
    StaffService staff,
    CheckpointService checkpoints,
    CommunityService communities,
    UserManager<StaffUser> users,
    IStringLocalizer<SharedResource> t) : PageModel
{
    private static readonly string[] Fields = [nameof(StaffForm.Email), nameof(StaffForm.Password), nameof(StaffForm.Role), nameof(StaffForm.Checkpoint), nameof(StaffForm.Communities)];

    /// <summary>Shows only accounts of this role.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Role { get; set; }

    /// <summary>The account whose edit card is open.</summary>
    [BindProperty(SupportsGet = true)]
    public Guid? Edit { get; set; }

    [BindProperty]
    public StaffForm Create { get; set; } = new();

    [BindProperty]
    public StaffForm Change { get; set; } = new();

    [BindProperty]
    public StaffForm Reset { get; set; } = new();

    public IReadOnlyList<StaffUserView> Accounts { get; private set; } = [];

    public StaffUserView? Editing { get; private set; }

    public IReadOnlyList<CheckpointView> Checkpoints { get; private set; } = [];

    public IReadOnlyList<CommunityView> Communities { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    [TempData]
    public string? Problem { get; set; }

    public bool IsSelf(StaffUserView account) => users.GetUserId(User) == account.Id.ToString();

    public string CheckpointName(string code) => Checkpoints.FirstOrDefault(c => c.Code == code)?.Name ?? code;

    public string CommunityName(string code) => Communities.FirstOrDefault(c => c.Code == code)?.Name ?? code;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (Editing is { } account)
        {
            Change = new StaffForm { Role = account.Role, Checkpoint = account.Checkpoint, Communities = [.. account.Communities] };
        }
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        var input = new CreateStaffUser(Create.Email?.Trim(), Create.Password, Create.Role, Create.ScopeCheckpoint, Create.ScopeCommunities);
        var result = await staff.CreateAsync(input, cancellationToken);
        if (result is ServiceResult<StaffUserView>.Ok ok)
        {
            Message = t["Staff.Created", ok.Value.Email];
            return RedirectToPage(new { Role });
        }

        result.Switch(
            _ => { },
            errors => ModelState.AddServiceErrors(nameof(Create), errors, Fields),
            failure => ModelState.AddModelError($"{nameof(Create)}.{nameof(StaffForm.Email)}", failure.Detail));

        Edit = null;
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostScopeAsync(Guid id, CancellationToken cancellationToken)
    {
        var input = new UpdateStaffUser(Change.Role, Change.ScopeCheckpoint, Change.ScopeCommunities);
        switch (await staff.UpdateAsync(id, input, User, cancellationToken))
        {
            case ServiceResult<StaffUserView>.Ok ok:
                Message = t["Staff.Saved", ok.Value.Email];
                return RedirectToPage(new { Role, Edit = id });
            case ServiceResult<StaffUserView>.Invalid invalid:
                ModelState.AddServiceErrors(nameof(Change), invalid.Errors, Fields);
                return await EditAgainAsync(id, cancellationToken);
            case ServiceResult<StaffUserView>.Conflict conflict:
                Problem = conflict.Detail;
                return RedirectToPage(new { Role, Edit = id });
            default:
                Problem = t["Staff.NotFound"];
                return RedirectToPage(new { Role });
        }
    }

    public async Task<IActionResult> OnPostPasswordAsync(Guid id, CancellationToken cancellationToken)
    {
        switch (await staff.ResetPasswordAsync(id, new ResetStaffPassword(Reset.Password), cancellationToken))
        {
            case ServiceResult<Guid>.Ok:
                Message = t["Staff.PasswordSet"];
                return RedirectToPage(new { Role, Edit = id });
            case ServiceResult<Guid>.Invalid invalid:
                ModelState.AddServiceErrors(nameof(Reset), invalid.Errors, nameof(StaffForm.Password));
                return await EditAgainAsync(id, cancellationToken);
            default:
                Problem = t["Staff.NotFound"];
                return RedirectToPage(new { Role });
        }
    }

    public async Task<IActionResult> OnPostDisableAsync(Guid id, CancellationToken cancellationToken)
    {
        switch (await staff.DisableAsync(id, User, cancellationToken))
        {
            case ServiceResult<StaffUserView>.Ok ok:
                Message = t["Staff.Disabled", ok.Value.Email];
                break;
            case ServiceResult<StaffUserView>.Conflict conflict:
                Problem = conflict.Detail;
                break;
            default:
                Problem = t["Staff.NotFound"];
                break;
        }

        return RedirectToPage(new { Role, Edit });
    }

    public async Task<IActionResult> OnPostEnableAsync(Guid id, CancellationToken cancellationToken)
    {
        switch (await staff.EnableAsync(id, cancellationToken))
        {
            case ServiceResult<StaffUserView>.Ok ok:
                Message = t["Staff.Enabled", ok.Value.Email];
                break;
            case ServiceResult<StaffUserView>.Conflict conflict:
                Problem = conflict.Detail;
                break;
            default:
                Problem = t["Staff.NotFound"];
                break;
        }

        return RedirectToPage(new { Role, Edit });
    }

    private async Task<IActionResult> EditAgainAsync(Guid id, CancellationToken cancellationToken)
    {
        Edit = id;
        await LoadAsync(cancellationToken);
        if (Editing is null)
        {
            Problem = t["Staff.NotFound"];
            return RedirectToPage(new { Role });
        }

        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        // A filter that is not a role is said next to its field, and lists nothing, rather than listing every account.
        (await staff.ListInRoleAsync(string.IsNullOrEmpty(Role) ? null : Role, cancellationToken)).Switch(
            accounts => Accounts = accounts,
            errors =>
            {
                ModelState.AddModelError(nameof(Role), errors["role"][0]);
                Accounts = [];
            },
            failure => throw new InvalidOperationException(failure.Detail));

        Checkpoints = await checkpoints.ListAsync(cancellationToken);
        Communities = await communities.ListAsync(null, cancellationToken);
        if (Edit is { } id)
        {
            Editing = Accounts.FirstOrDefault(a => a.Id == id)
                ?? ((await staff.FindAsync(id, cancellationToken)) is ServiceResult<StaffUserView>.Ok found ? found.Value : null);
        }
    }
}

/// <summary>The create, scope and password forms of the staff page.</summary>
public sealed class StaffForm
{
    public string? Email { get; set; }

    public string? Password { get; set; }

    public string? Role { get; set; }

    public string? Checkpoint { get; set; }

    public List<string> Communities { get; set; } = [];

    /// <summary>
    /// The form shows the checkpoint only for officers and the communities only for workers (CSS, no script needed);
    /// what the browser still sends from the hidden fields of another role is not part of the request.
    /// </summary>
    public string? ScopeCheckpoint => Role == Roles.CheckpointOfficer ? Checkpoint : null;

    public IReadOnlyList<string>? ScopeCommunities => Role == Roles.CommunityWorker ? Communities : null;
}

/// <summary>What the role-and-scope fields partial needs.</summary>
public sealed record StaffScopeFields(
    string Prefix,
    StaffForm Form,
    IReadOnlyList<CheckpointView> Checkpoints,
    IReadOnlyList<CommunityView> Communities,
    bool RoleLocked);
