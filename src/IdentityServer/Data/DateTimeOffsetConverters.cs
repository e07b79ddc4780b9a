using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Harmony.Identity.Server.Data;

/// <summary>Stores a <see cref="DateTimeOffset"/> as UTC ticks, so that SQLite can compare it in SQL.</summary>
public sealed class DateTimeOffsetToUtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.UtcTicks,
    ticks => new DateTimeOffset(ticks, TimeSpan.Zero));

/// <summary>Writes a <see cref="DateTimeOffset"/> as the same instant at offset zero, the only one PostgreSQL's <c>timestamptz</c> takes.</summary>
public sealed class DateTimeOffsetToUtcConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(
    value => value.ToUniversalTime(),
    value => value);
