using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Harmony.Identity.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SessionReplacements : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "ReplacedById",
                table: "AccountSessions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_AccountSessions_ReplacedById",
                table: "AccountSessions",
                column: "ReplacedById");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AccountSessions_ReplacedById",
                table: "AccountSessions");

            migrationBuilder.DropColumn(
                name: "ReplacedById",
                table: "AccountSessions");
        }
    }
}
