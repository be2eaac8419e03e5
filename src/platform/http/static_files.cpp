#include "platform/http/static_files.h"

#include <httplib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fleetkam::http {
namespace {

std::optional<std::string> read_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void not_found(httplib::Response& response, const char* text = "not found") {
  response.status = 404;
  response.set_content(text, "text/plain; charset=utf-8");
}

}  // namespace

bool safe_web_path(std::string_view relative) {
  size_t start = 0;
  while (true) {
    const size_t end = relative.find('/', start);
    const std::string_view segment = relative.substr(start, end == std::string_view::npos ? end : end - start);
    // "" (a leading, doubled or trailing '/'), ".", ".." and dotfiles all start this way
    if (segment.empty() || segment.front() == '.') return false;
    for (char c : segment) {
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f || c == '\\') return false;
    }
    if (end == std::string_view::npos) return true;
    start = end + 1;
  }
}

std::string content_type_for(const std::string& path) {
  auto dot = path.rfind('.');
  std::string ext = dot == std::string::npos ? "" : path.substr(dot + 1);
  // charset suffixes also keep cpp-httplib from recompressing what we send
  if (ext == "html") return "text/html; charset=utf-8";
  if (ext == "js" || ext == "mjs") return "text/javascript; charset=utf-8";
  if (ext == "css") return "text/css; charset=utf-8";
  if (ext == "json" || ext == "map") return "application/json; charset=utf-8";
  if (ext == "svg") return "image/svg+xml; charset=utf-8";
  if (ext == "png") return "image/png";
  if (ext == "jpg" || ext == "jpeg") return "image/jpeg";
  if (ext == "ico") return "image/x-icon";
  if (ext == "woff2") return "font/woff2";
  if (ext == "woff") return "font/woff";
  if (ext == "ttf") return "font/ttf";
  if (ext == "txt") return "text/plain; charset=utf-8";
  if (ext == "webmanifest") return "application/manifest+json; charset=utf-8";
  return "application/octet-stream";
}

StaticFiles::StaticFiles(std::string root) : root_(std::move(root)) {
  std::lock_guard lock(mutex_);
  index();
}

void StaticFiles::index() {
  namespace fs = std::filesystem;
  std::map<std::string, Entry> files;
  std::error_code ec;
  const fs::path root = fs::canonical(root_, ec);
  if (!ec) {
    for (fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
         !ec && it != end; it.increment(ec)) {
      const std::string relative = it->path().lexically_relative(root).generic_string();
      if (!safe_web_path(relative)) {
        if (it->is_directory()) it.disable_recursion_pending();  // .git, .vite, ...
        continue;
      }
      // A link counts only when what it names is a regular file inside the root.
      std::error_code resolve_error;
      const fs::path full = fs::canonical(it->path(), resolve_error);
      if (resolve_error || !fs::is_regular_file(full, resolve_error)) continue;
      auto [mismatch, _] = std::mismatch(root.begin(), root.end(), full.begin(), full.end());
      if (mismatch != root.end()) continue;
      auto previous = files_.find(relative);
      bool same = previous != files_.end() && previous->second.full == full;
      files.emplace(relative, Entry{full, same ? previous->second.loaded : nullptr});
    }
  }
  files_ = std::move(files);
  std::error_code missing;
  auto modified = fs::last_write_time(fs::path(root_) / "index.html", missing);
  index_modified_ = missing ? std::nullopt : std::optional(modified);
}

void StaticFiles::reindex_if_rebuilt() {
  // One stat per request; the directory is only walked again when index.html changed.
  std::error_code missing;
  auto modified = std::filesystem::last_write_time(std::filesystem::path(root_) / "index.html", missing);
  std::optional<std::filesystem::file_time_type> now = missing ? std::nullopt : std::optional(modified);
  std::lock_guard lock(mutex_);
  if (now != index_modified_) index();
}

std::shared_ptr<const StaticFiles::File> StaticFiles::load(const std::string& relative) {
  std::filesystem::path full;
  std::filesystem::path gzipped;
  std::shared_ptr<const File> cached;
  {
    std::lock_guard lock(mutex_);
    auto found = files_.find(relative);
    if (found == files_.end()) return nullptr;
    full = found->second.full;
    cached = found->second.loaded;
    if (auto gz = files_.find(relative + ".gz"); gz != files_.end()) gzipped = gz->second.full;
  }
  std::error_code ec;
  auto modified = std::filesystem::last_write_time(full, ec);
  if (ec) return nullptr;  // removed since it was listed
  // A gzipped copy written after the directory was listed (the build compresses after it writes
  // index.html, and a request in between lists the root without the .gz files): list it again,
  // or the plain file would be served until a restart.
  std::error_code no_gz;
  if (gzipped.empty() && (!cached || !cached->gzipped) &&
      std::filesystem::is_regular_file(full.string() + ".gz", no_gz)) {
    std::lock_guard lock(mutex_);
    index();
    if (auto gz = files_.find(relative + ".gz"); gz != files_.end()) gzipped = gz->second.full;
    cached = nullptr;
  }
  // Hashed assets never change; index.html does when the app is rebuilt under a running server.
  if (cached && cached->modified == modified) return cached;
  auto content = read_file(full);
  if (!content) return nullptr;
  auto file = std::make_shared<const File>(
      File{std::move(*content), gzipped.empty() ? std::nullopt : read_file(gzipped), modified});
  std::lock_guard lock(mutex_);
  // one version per listed file: the cache never outgrows the web root
  if (auto found = files_.find(relative); found != files_.end() && found->second.full == full) {
    found->second.loaded = file;
  }
  return file;
}

void StaticFiles::serve(const std::string& path, bool accepts_gzip, httplib::Response& response) {
  reindex_if_rebuilt();
  std::string relative = path.empty() || path == "/" ? "index.html" : path.substr(1);
  if (!safe_web_path(relative)) return not_found(response);
  std::shared_ptr<const File> file = load(relative);
  if (!file) {
    auto last_slash = relative.rfind('/');
    std::string last = last_slash == std::string::npos ? relative : relative.substr(last_slash + 1);
    if (last.find('.') != std::string::npos || relative.rfind("assets/", 0) == 0) return not_found(response);
    relative = "index.html";  // the app's own route: it decides what to show
    file = load(relative);
    if (!file) return not_found(response, "the web app is not built (make web)");
  }
  const bool hashed = relative.rfind("assets/", 0) == 0;
  response.set_header("Cache-Control", hashed ? "public, max-age=31536000, immutable" : "no-cache");
  response.set_header("Vary", "Accept-Encoding");
  response.status = 200;
  if (accepts_gzip && file->gzipped) {
    response.set_header("Content-Encoding", "gzip");
    response.set_content(*file->gzipped, content_type_for(relative));
  } else {
    response.set_content(file->content, content_type_for(relative));
  }
}

}  // namespace fleetkam::http
