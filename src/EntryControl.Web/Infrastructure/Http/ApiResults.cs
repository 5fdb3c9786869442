using Microsoft.AspNetCore.Http.HttpResults;

namespace EntryControl.Web.Infrastructure.Http;

/// <summary>Maps a <see cref="ServiceResult{T}"/> to the API's answers: the value, or an RFC 9457 problem.</summary>
public static class ApiResults
{
    public static Results<TOk, ValidationProblem, ProblemHttpResult> ToApiResult<T, TOk>(this ServiceResult<T> result, Func<T, TOk> ok)
        where TOk : IResult => result.Match<Results<TOk, ValidationProblem, ProblemHttpResult>>(
            value => ok(value),
            errors => TypedResults.ValidationProblem(errors),
            failure => failure.ToProblem());

    public static ProblemHttpResult ToProblem<T>(this ServiceResult<T>.Failure failure) => TypedResults.Problem(
        failure.Detail,
        statusCode: Status(failure.Kind),
        title: failure.Kind switch
        {
            FailureKind.NotFound => "Not found",
            FailureKind.Conflict => "Conflict",
            FailureKind.Unprocessable => "Unprocessable request",
            FailureKind.Forbidden => "Forbidden",
            _ => throw new InvalidOperationException($"Unknown failure kind {failure.Kind}."),
        });

    public static int Status(FailureKind kind) => kind switch
    {
        FailureKind.NotFound => StatusCodes.Status404NotFound,
        FailureKind.Conflict => StatusCodes.Status409Conflict,
        FailureKind.Unprocessable => StatusCodes.Status422UnprocessableEntity,
        FailureKind.Forbidden => StatusCodes.Status403Forbidden,
        _ => throw new InvalidOperationException($"Unknown failure kind {kind}."),
    };
}
