using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Harmony.Identity.Server.Data;

/// <summary>Stores a <see cref="DateTimeOffset"/> as UTC ticks, so that SQLite can compare it in SQL.</summary>
public sealed class DateTimeOffsetToUtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.UtcTicks,
    ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
