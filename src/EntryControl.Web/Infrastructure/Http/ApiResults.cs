using Microsoft.AspNetCore.Http.HttpResults;

namespace EntryControl.Web.Infrastructure.Http;

/// <summary>Maps a <see cref="ServiceResult{T}"/> to the API's answers: the value, or an RFC 9457 problem.</summary>
public static class ApiResults
{
    public static Results<TOk, ValidationProblem, ProblemHttpResult> ToApiResult<T, TOk>(this ServiceResult<T> result, Func<T, TOk> ok)
        where TOk : IResult => result switch
        {
            ServiceResult<T>.Ok value => ok(value.Value),
            ServiceResult<T>.Invalid invalid => TypedResults.ValidationProblem(invalid.Errors),
            _ => result.ToProblem(),
        };

    public static ProblemHttpResult ToProblem<T>(this ServiceResult<T> result) => result switch
    {
        ServiceResult<T>.NotFound notFound => TypedResults.Problem(notFound.Detail, statusCode: StatusCodes.Status404NotFound, title: "Not found"),
        ServiceResult<T>.Conflict conflict => TypedResults.Problem(conflict.Detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict"),
        ServiceResult<T>.Unprocessable unprocessable => TypedResults.Problem(unprocessable.Detail, statusCode: StatusCodes.Status422UnprocessableEntity, title: "Unprocessable request"),
        ServiceResult<T>.Forbidden forbidden => TypedResults.Problem(forbidden.Detail, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden"),
        _ => throw new InvalidOperationException($"{result.GetType().Name} is not a failure."),
    };
}
