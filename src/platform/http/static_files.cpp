#include "platform/http/static_files.h"

#include <httplib.h>

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

bool safe_relative(const std::string& path) {
  if (path.empty() || path.find('\0') != std::string::npos || path.find('\\') != std::string::npos) return false;
  std::stringstream segments(path);
  std::string segment;
  while (std::getline(segments, segment, '/')) {
    if (segment == ".." || segment == ".") return false;
    if (!segment.empty() && segment.front() == '.') return false;  // no dotfiles
  }
  return true;
}

}  // namespace

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

StaticFiles::StaticFiles(std::string root) : root_(std::move(root)) {}

std::shared_ptr<const StaticFiles::File> StaticFiles::load(const std::string& relative) {
  auto full = std::filesystem::path(root_) / relative;
  std::error_code ec;
  auto modified = std::filesystem::last_write_time(full, ec);
  if (ec) return nullptr;  // missing: not cached, so a file built later is found
  {
    std::lock_guard lock(mutex_);
    auto found = cache_.find(relative);
    // Hashed assets never change; index.html does when the app is rebuilt under a running server.
    if (found != cache_.end() && found->second->modified == modified) return found->second;
  }
  auto content = read_file(full);
  if (!content) return nullptr;
  auto file = std::make_shared<const File>(File{std::move(*content), read_file(full.string() + ".gz"), modified});
  std::lock_guard lock(mutex_);
  cache_[relative] = file;
  return file;
}

void StaticFiles::serve(const std::string& path, bool accepts_gzip, httplib::Response& response) {
  std::string relative = path.empty() || path == "/" ? "index.html" : path.substr(1);
  if (!safe_relative(relative)) {
    response.status = 404;
    response.set_content("not found", "text/plain; charset=utf-8");
    return;
  }
  std::shared_ptr<const File> file = load(relative);
  if (!file) {
    auto last_slash = relative.rfind('/');
    std::string last = last_slash == std::string::npos ? relative : relative.substr(last_slash + 1);
    if (last.find('.') != std::string::npos || relative.rfind("assets/", 0) == 0) {
      response.status = 404;
      response.set_content("not found", "text/plain; charset=utf-8");
      return;
    }
    relative = "index.html";  // the app's own route: it decides what to show
    file = load(relative);
    if (!file) {
      response.status = 404;
      response.set_content("the web app is not built (make web)", "text/plain; charset=utf-8");
      return;
    }
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
