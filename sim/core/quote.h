// String quoting in the forms xnsim's output must match byte for byte: Go's
// strconv.Quote (API messages quote names and values this way; also valid YAML
// double-quoted style) and Go's encoding/json string encoding (traces, JSON diffs).
#pragma once

#include <string>
#include <string_view>

namespace xnsim {

// Go's strconv.Quote: "\"a\\\"b\"", control bytes as \a \b \f \n \r \t \v or \xNN;
// UTF-8 passes through.
std::string GoQuote(std::string_view s);

// Appends `s` as a JSON string the way Go's encoding/json writes it: \" \\ \n \r \t,
// other control bytes as \u00NN, and with `escape_html` also < > & as \u003c etc.
void AppendJsonString(std::string& out, std::string_view s, bool escape_html = false);
std::string JsonQuote(std::string_view s, bool escape_html = false);

}  // namespace xnsim
