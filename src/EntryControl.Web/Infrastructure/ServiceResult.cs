using FluentValidation.Results;

namespace EntryControl.Web.Infrastructure;

/// <summary>
/// What an application service answers: a value, bad input, or an expected failure that both front ends show. The
/// cases are closed (private constructors): <see cref="Match{TOut}"/> is the one exhaustive way to take a result
/// apart, so a new case cannot be silently dropped by a page or an endpoint.
/// </summary>
public abstract record ServiceResult<T>
{
    private ServiceResult()
    {
    }

    public sealed record Ok(T Value) : ServiceResult<T>;

    /// <summary>Bad input: camelCase field paths (<c>stays[0].from</c>) with their messages.</summary>
    public sealed record Invalid(IDictionary<string, string[]> Errors) : ServiceResult<T>;

    /// <summary>An expected failure with a message for the person who asked (404, 409, 422 or 403 in the API).</summary>
    public abstract record Failure : ServiceResult<T>
    {
        private protected Failure(string detail) => Detail = detail;

        public string Detail { get; }

        public abstract FailureKind Kind { get; }

        /// <summary>The same failure as the result of another operation (a service forwarding what it was told).</summary>
        public ServiceResult<TOther> As<TOther>() => Kind switch
        {
            FailureKind.NotFound => new ServiceResult<TOther>.NotFound(Detail),
            FailureKind.Conflict => new ServiceResult<TOther>.Conflict(Detail),
            FailureKind.Unprocessable => new ServiceResult<TOther>.Unprocessable(Detail),
            FailureKind.Forbidden => new ServiceResult<TOther>.Forbidden(Detail),
            _ => throw new InvalidOperationException($"Unknown failure kind {Kind}."),
        };
    }

    public sealed record NotFound(string Detail) : Failure(Detail)
    {
        public override FailureKind Kind => FailureKind.NotFound;
    }

    public sealed record Conflict(string Detail) : Failure(Detail)
    {
        public override FailureKind Kind => FailureKind.Conflict;
    }

    /// <summary>The request is well formed but cannot be processed (e.g. no policy in force).</summary>
    public sealed record Unprocessable(string Detail) : Failure(Detail)
    {
        public override FailureKind Kind => FailureKind.Unprocessable;
    }

    public sealed record Forbidden(string Detail) : Failure(Detail)
    {
        public override FailureKind Kind => FailureKind.Forbidden;
    }

    /// <summary>Takes the result apart: every case has its branch.</summary>
    public TOut Match<TOut>(Func<T, TOut> ok, Func<IDictionary<string, string[]>, TOut> invalid, Func<Failure, TOut> failed) => this switch
    {
        Ok value => ok(value.Value),
        Invalid bad => invalid(bad.Errors),
        Failure failure => failed(failure),
        _ => throw new InvalidOperationException($"{GetType().Name} is not a case of ServiceResult."),
    };

    /// <summary>Takes the result apart for its side effects (a page filling its model): every case has its branch.</summary>
    public void Switch(Action<T> ok, Action<IDictionary<string, string[]>> invalid, Action<Failure> failed)
    {
        switch (this)
        {
            case Ok value:
                ok(value.Value);
                break;
            case Invalid bad:
                invalid(bad.Errors);
                break;
            case Failure failure:
                failed(failure);
                break;
            default:
                throw new InvalidOperationException($"{GetType().Name} is not a case of ServiceResult.");
        }
    }

    /// <summary>The bad input or failure of a result that is not <see cref="Ok"/>, as a result of <typeparamref name="TOut"/>.</summary>
    public ServiceResult<TOut> Forward<TOut>() => Match<ServiceResult<TOut>>(
        _ => throw new InvalidOperationException("An Ok result has nothing to forward."),
        errors => new ServiceResult<TOut>.Invalid(errors),
        failure => failure.As<TOut>());

    /// <summary>The value mapped, or the same bad input or failure as a result of <typeparamref name="TOut"/>.</summary>
    public ServiceResult<TOut> Select<TOut>(Func<T, TOut> map) => Match<ServiceResult<TOut>>(
        value => new ServiceResult<TOut>.Ok(map(value)),
        errors => new ServiceResult<TOut>.Invalid(errors),
        failure => failure.As<TOut>());

    /// <summary>Continues with the value, or passes the bad input or failure on.</summary>
    public async Task<ServiceResult<TOut>> ThenAsync<TOut>(Func<T, Task<ServiceResult<TOut>>> next) => this switch
    {
        Ok value => await next(value.Value),
        Invalid bad => new ServiceResult<TOut>.Invalid(bad.Errors),
        Failure failure => failure.As<TOut>(),
        _ => throw new InvalidOperationException($"{GetType().Name} is not a case of ServiceResult."),
    };

    public static implicit operator ServiceResult<T>(T value) => new Ok(value);
}

public enum FailureKind
{
    NotFound,
    Conflict,
    Unprocessable,
    Forbidden,
}

public static class ServiceResult
{
    public static ServiceResult<T> Invalid<T>(string field, string message) =>
        new ServiceResult<T>.Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static ServiceResult<T> Invalid<T>(ValidationResult validation) =>
        new ServiceResult<T>.Invalid(validation.ToErrorDictionary());

    /// <summary>FluentValidation failures keyed by camelCase property path, as the API's <c>errors</c> map names fields.</summary>
    public static Dictionary<string, string[]> ToErrorDictionary(this ValidationResult validation) =>
        validation.Errors
            .GroupBy(e => CamelCasePath(e.PropertyName), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);

    public static string CamelCasePath(string path) =>
        string.Join('.', path.Split('.').Select(segment =>
            segment.Length == 0 || char.IsLower(segment[0]) ? segment : char.ToLowerInvariant(segment[0]) + segment[1..]));
}
