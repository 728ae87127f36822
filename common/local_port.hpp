#pragma once
// A TCP port on 127.0.0.1 that nothing listens on yet, for a server sluice or a test
// starts there (the throwaway PostgreSQL, a test's S3 server). Another process may take it
// before the server binds it; callers that start a server retry on that.

#include "common/error.hpp"

namespace sluice {

Expected<int> freeLocalPort();

}  // namespace sluice
