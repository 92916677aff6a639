package cn.tuoyu.sentinel.dashboard;

/** An API answer other than 200: its HTTP status and a Chinese message for the user. */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int status;

  ApiException(int status, String message) {
    super(message);
    this.status = status;
  }

  static ApiException notFound() {
    return new ApiException(404, "未找到");
  }

  static ApiException badRequest(String what) {
    return new ApiException(400, "请求参数有误：" + what);
  }

  static ApiException forbidden() {
    return new ApiException(403, "无权执行此操作");
  }
}
