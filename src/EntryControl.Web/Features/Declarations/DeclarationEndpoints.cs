using System.Security.Claims;
using EntryControl.Web.Features.Auth;
using EntryControl.Web.Features.Evaluations;
using EntryControl.Web.Infrastructure;
using EntryControl.Web.Infrastructure.Http;
using EntryControl.Web.Infrastructure.Idempotency;
using EntryControl.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Http.HttpResults;
using QRCoder;

namespace EntryControl.Web.Features.Declarations;

public sealed record DeclarationCreated(Guid Id, string Code, EvaluationView Decision, RegistrationTiming Registration, IReadOnlyList<GroupMember> Group);

public static class DeclarationEndpoints
{
    /// <summary>Travelers' declarations: public (the code is the credential), rate limited.</summary>
    public static IEndpointRouteBuilder MapDeclarationEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/declarations").WithTags("Declarations")
            .AllowAnonymous().RequireRateLimiting(EvaluationEndpoints.PublicRateLimit).WithBodyLimit(InputLimits.MaxTripBodyBytes);
        group.MapPost("/", async Task<Results<Created<DeclarationCreated>, ValidationProblem, ProblemHttpResult>> (DeclarationRequest request, DeclarationService service, HttpContext context, CancellationToken ct) =>
            // A token that no longer authenticates must not turn an officer's walk-in into a traveler's own declaration.
            context.Request.Headers.Authorization.Count > 0 && context.User.Identity?.IsAuthenticated != true
                ? TypedResults.Problem("The bearer token is not valid; sign in again.", statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized")
                : (await service.SubmitAsync(request, WalkInOfficer(context.User), context.Language(), ct)).ToApiResult(d =>
                    TypedResults.Created($"/api/v1/declarations/{d.Code}", new DeclarationCreated(d.Id, d.Code, d.Decision, d.Registration, d.Group))))
            .WithMetadata(new IdempotentAttribute(), new SubmissionRateLimitAttribute());
        group.MapGet("/{code}", async Task<Results<Ok<DeclarationView>, ValidationProblem, ProblemHttpResult>> (string code, DeclarationService service, HttpContext http, CancellationToken ct) =>
            (await service.OpenAsync(code, http.User, http.Language(), ct)).ToApiResult(TypedResults.Ok));
        group.MapPut("/{code}", async Task<Results<Ok<DeclarationView>, ValidationProblem, ProblemHttpResult>> (string code, DeclarationRequest request, DeclarationService service, HttpContext http, CancellationToken ct) =>
            (await service.AmendAsync(code, request, http.Language(), ct)).ToApiResult(TypedResults.Ok));
        group.MapDelete("/{code}", async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> (string code, DeclarationService service, CancellationToken ct) =>
            (await service.CancelAsync(code, ct)).ToApiResult(_ => TypedResults.NoContent()));
        group.MapGet("/{code}/qr.svg", async Task<Results<ContentHttpResult, ProblemHttpResult>> (string code, DeclarationService service, CancellationToken ct) =>
            await service.ExistsAsync(code, ct)
                ? TypedResults.Content(QrSvg(code), "image/svg+xml")
                : TypedResults.Problem("No declaration has that code.", statusCode: StatusCodes.Status404NotFound, title: "Not found"));
        return endpoints;
    }

    /// <summary>
    /// 现场补录: a checkpoint officer who submits (with their token) registers a walk-in on the spot; such a
    /// declaration was not made ahead, so it is never "pre-registered" for the freight rule.
    /// </summary>
    private static Guid? WalkInOfficer(ClaimsPrincipal user) =>
        user.IsInRole(Auth.Roles.CheckpointOfficer) ? user.StaffId() : null;

    /// <summary>
    /// The QR code of a text: a declaration's carries only its code (officers' tablets look the rest up); a release
    /// notice's carries the address that confirms it.
    /// </summary>
    public static string QrSvg(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(8);
    }
}
