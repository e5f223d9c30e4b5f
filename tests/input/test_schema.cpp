#include <fstream>
#include <gtest/gtest.h>
#include "input/json_schema.h"
TEST(SchemaDump, Write) { std::ofstream("/tmp/schema_dump.json") << simrun::input::json_schema_text(); std::ofstream("/tmp/tables.md") << simrun::input::make_field_table_markdown(); }
