using EntryControl.Web.Infrastructure.Idempotency;
using FluentValidation;
using Quartz;

namespace EntryControl.Web.Features.Declarations;

public static class DeclarationServiceCollectionExtensions
{
    public static IServiceCollection AddDeclarations(this IServiceCollection services)
    {
        services.AddScoped<DeclarationService>();
        services.AddSingleton<IValidator<DeclarationRequest>, DeclarationRequestValidator>();
        services.ConfigureAllQuartzSchedulers(quartz => quartz
            .AddJob<IdempotencyCleanup>(job => job.WithIdentity(IdempotencyCleanup.Key).StoreDurably())
            .AddTrigger(trigger => trigger.ForJob(IdempotencyCleanup.Key).WithIdentity("idempotency-cleanup-hourly", "maintenance")
                .StartNow().WithSimpleSchedule(TimeSpan.FromHours(1))));
        return services;
    }
}
