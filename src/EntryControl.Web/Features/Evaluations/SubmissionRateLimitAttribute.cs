namespace EntryControl.Web.Features.Evaluations;

/// <summary>
/// Marks an endpoint or page whose POSTs submit a declaration: besides the per-address limit, they share the
/// instance-wide budget <c>RateLimiting:DeclarationsPerSecond</c>, so a surge from many addresses is shed with 429
/// instead of queuing until requests time out.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class SubmissionRateLimitAttribute : Attribute;
