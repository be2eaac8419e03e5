// The built web app: files from web/dist, pre-compressed .gz copies when the browser takes
// gzip, long-lived caching for hashed assets, no caching for index.html, and index.html for
// any other path without a file extension (the app's own routes).
//
// Only files listed when the web root is indexed are ever opened: a request path is a key
// into that list, never a path handed to the file system, so nothing outside the root (by
// `/`, `..`, encodings or links) can be reached, and the cache holds at most the root's files.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace httplib {
struct Response;
}

namespace fleetkam::http {

class StaticFiles {
 public:
  explicit StaticFiles(std::string root);
  // `path` as decoded from the request target ("/assets/app.js").
  void serve(const std::string& path, bool accepts_gzip, httplib::Response& response);

 private:
  struct File {
    std::string content;
    std::optional<std::string> gzipped;
    std::filesystem::file_time_type modified;
  };
  struct Entry {
    std::filesystem::path full;          // canonical, inside the root
    std::shared_ptr<const File> loaded;  // read on first use; re-read when it changed on disk
  };
  // Lists the root's regular files (links only when they resolve inside the root).
  void index();
  // The web app was rebuilt (index.html changed, appeared or went): list the files again.
  void reindex_if_rebuilt();
  std::shared_ptr<const File> load(const std::string& relative);
  std::string root_;
  std::mutex mutex_;
  std::map<std::string, Entry> files_;
  std::optional<std::filesystem::file_time_type> index_modified_;  // index.html when last listed
};

// A relative web path that can only name a file inside the root: no empty, `.` or `..`
// segments, no dotfiles, no leading `/`, no backslash, NUL or other control characters.
bool safe_web_path(std::string_view relative);

std::string content_type_for(const std::string& path);

}  // namespace fleetkam::http
