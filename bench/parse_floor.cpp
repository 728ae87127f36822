// The parser floor of bench/lint.sh: what libpg_query alone costs on the files sluice
// lints. Reads the paths on standard input (one per line), reads every file once, then
// times, on one thread, the raw parse (pg_query_split_with_parser: PostgreSQL's grammar,
// no output) and the parse with its JSON tree (pg_query_parse: the call the linter makes).
// Prints one line per measure: "<name> <seconds>".
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <pg_query.h>
#include <sstream>
#include <string>
#include <vector>

namespace {

double secondsOf(const std::vector<std::string>& texts, void (*parse)(const std::string&)) {
  auto start = std::chrono::steady_clock::now();
  for (const std::string& text : texts) parse(text);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void rawParse(const std::string& text) {
  PgQuerySplitResult result = pg_query_split_with_parser(text.c_str());
  pg_query_free_split_result(result);
}

void jsonParse(const std::string& text) {
  PgQueryParseResult result = pg_query_parse(text.c_str());
  pg_query_free_parse_result(result);
}

}  // namespace

int main() {
  std::vector<std::string> texts;
  for (std::string path; std::getline(std::cin, path);) {
    std::ifstream file(path, std::ios::binary);
    if (!file) {
      std::cerr << "parse_floor: cannot read " << path << "\n";
      return 2;
    }
    std::ostringstream text;
    text << file.rdbuf();
    texts.push_back(std::move(text).str());
  }
  rawParse("SELECT 1");  // libpg_query sets up its memory contexts on first use
  std::printf("raw-parse %.4f\n", secondsOf(texts, rawParse));
  std::printf("json-parse %.4f\n", secondsOf(texts, jsonParse));
  return 0;
}
