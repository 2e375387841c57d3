class ApiError(Exception):
    """An error answered as JSON {code, message} with ``status``."""

    def __init__(self, status, code, message):
        super().__init__(message)
        self.status, self.code, self.message = status, code, str(message)
