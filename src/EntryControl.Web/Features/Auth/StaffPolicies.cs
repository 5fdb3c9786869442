using Microsoft.AspNetCore.Authorization;

namespace EntryControl.Web.Features.Auth;

/// <summary>Authorization policies: one per role (named as the role) and one for any member of staff.</summary>
public static class StaffPolicies
{
    public const string AnyStaff = "staff";

    /// <summary>The command center's reports: the command center, and admins.</summary>
    public const string Reports = "reports";

    public static AuthorizationBuilder AddStaffPolicies(this AuthorizationBuilder builder)
    {
        foreach (var role in Roles.All)
        {
            builder.AddPolicy(role, policy => policy.RequireAuthenticatedUser().RequireRole(role));
        }

        builder.AddPolicy(Reports, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.CommandCenter, Roles.Admin));
        return builder.AddPolicy(AnyStaff, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.All));
    }
}
