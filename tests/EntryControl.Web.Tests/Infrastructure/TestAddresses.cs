using System.Net;
using EntryControl.Web.Features.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace EntryControl.Web.Tests.Infrastructure;

/// <summary>
/// The test host has no client address. A request with <see cref="Header"/> comes from that address instead, so tests
/// can sign in "from" different places. Test host only.
/// </summary>
public sealed class TestAddresses : IStartupFilter
{
    public const string Header = "X-Test-Address";

    /// <summary>The test host has no ports either: a request with this header arrived on that local port (the metrics port).</summary>
    public const string LocalPortHeader = "X-Test-Local-Port";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, following) =>
        {
            if (IPAddress.TryParse(context.Request.Headers[Header].ToString(), out var address))
            {
                context.Connection.RemoteIpAddress = address;
            }

            if (int.TryParse(context.Request.Headers[LocalPortHeader].ToString(), out var port))
            {
                context.Connection.LocalPort = port;
            }

            return following(context);
        });
        next(app);
    };
}

/// <summary>How often the application checked a password against a hash (any account, or the dummy).</summary>
public sealed class PasswordVerifications
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    internal void Add() => Interlocked.Increment(ref _count);
}

/// <summary>Identity's hasher, counting its verifications.</summary>
public sealed class CountingPasswordHasher(IOptions<PasswordHasherOptions> options, PasswordVerifications verifications)
    : PasswordHasher<StaffUser>(options)
{
    public override PasswordVerificationResult VerifyHashedPassword(StaffUser user, string hashedPassword, string providedPassword)
    {
        verifications.Add();
        return base.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}
