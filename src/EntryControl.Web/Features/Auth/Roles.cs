namespace EntryControl.Web.Features.Auth;

/// <summary>The four staff roles; the names are part of the API contract.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string CheckpointOfficer = "checkpointOfficer";
    public const string CommunityWorker = "communityWorker";
    public const string CommandCenter = "commandCenter";

    public static readonly IReadOnlyList<string> All = [Admin, CheckpointOfficer, CommunityWorker, CommandCenter];

    /// <summary>Any member of staff.</summary>
    public const string AnyStaff = Admin + "," + CheckpointOfficer + "," + CommunityWorker + "," + CommandCenter;
}
