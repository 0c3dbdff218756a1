#pragma once
// A database's content as text, for determinism tests: every table's rows in insertion order
// (primary-key order for WITHOUT ROWID tables), one line per row, every column but the
// wall-clock and process ones (experiments.created_at, runs.wall_seconds and the run's owner:
// owner_host, owner_pid, started_at); reals by their bits, so that
// equal text means identical content.

#include <cstdint>
#include <cstring>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "model/record/sqlite.hpp"

namespace memchain::testing {

// Insertion order (rowid) for ordinary tables; primary-key order for WITHOUT ROWID ones, whose
// rows have no other order.
inline std::string order_of(sqlite::Database& db, const std::string& table) {
    auto sql = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?");
    sql.bind(1, table);
    if (!sql.step() || sql.column_text(0).find("WITHOUT ROWID") == std::string::npos)
        return "rowid";
    auto pk = db.prepare("SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk");
    pk.bind(1, table);
    std::string order;
    while (pk.step()) order += (order.empty() ? "\"" : ", \"") + pk.column_text(0) + "\"";
    return order;
}

inline std::map<std::string, std::vector<std::string>> dump_database(const std::string& path) {
    sqlite::Database db(path, sqlite::Database::Mode::ReadOnly);
    std::vector<std::string> tables;
    auto list = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
    while (list.step()) tables.push_back(list.column_text(0));
    std::map<std::string, std::vector<std::string>> out;
    for (const std::string& table : tables) {
        std::vector<std::string> columns;
        auto info = db.prepare("SELECT name FROM pragma_table_info(?)");
        info.bind(1, table);
        while (info.step()) {
            const std::string c = info.column_text(0);
            if ((table == "experiments" && c == "created_at") ||
                (table == "runs" && (c == "wall_seconds" || c == "owner_host" || c == "owner_pid" ||
                                     c == "started_at")))
                continue;
            columns.push_back(c);
        }
        std::string sql = "SELECT ";
        for (std::size_t i = 0; i < columns.size(); ++i)
            sql += (i ? ", " : "") + std::string("typeof(\"") + columns[i] + "\"), \"" +
                   columns[i] + "\"";
        sql += " FROM \"" + table + "\" ORDER BY " + order_of(db, table);
        auto rows = db.prepare(sql);
        auto& lines = out[table];
        while (rows.step()) {
            std::ostringstream line;
            for (int c = 0; c + 1 < rows.columns(); c += 2) {
                const std::string type = rows.column_text(c);
                line << type << ':';
                if (type == "real") {
                    const double v = rows.column_double(c + 1);
                    std::uint64_t bits;
                    std::memcpy(&bits, &v, sizeof bits);
                    line << std::hex << bits << std::dec;
                } else if (type != "null") {
                    line << rows.column_text(c + 1);
                }
                line << '|';
            }
            lines.push_back(line.str());
        }
    }
    return out;
}

}  // namespace memchain::testing
