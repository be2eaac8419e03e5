// The built web app: files from web/dist, pre-compressed .gz copies when the browser takes
// gzip, long-lived caching for hashed assets, no caching for index.html, and index.html for
// any other path without a file extension (the app's own routes).
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace httplib {
struct Response;
}

namespace fleetkam::http {

class StaticFiles {
 public:
  explicit StaticFiles(std::string root);
  void serve(const std::string& path, bool accepts_gzip, httplib::Response& response);

 private:
  struct File {
    std::string content;
    std::optional<std::string> gzipped;
    std::filesystem::file_time_type modified;
  };
  // The file, read once and kept; re-read when it changed on disk. nullptr when missing.
  std::shared_ptr<const File> load(const std::string& relative);
  std::string root_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const File>> cache_;
};

std::string content_type_for(const std::string& path);

}  // namespace fleetkam::http
