"""The errors a task retries: a dependency that may answer a moment later (the network, SMTP,
S3-compatible storage, the database, Redis). Anything else is a bug or bad data, which a retry
would only repeat; it is recorded where the task's service records failures."""

from botocore.exceptions import BotoCoreError
from django.db import InterfaceError, OperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

# OSError covers sockets, SMTP and local files; botocore's connection and timeout errors
# (EndpointConnectionError, ConnectTimeoutError, ReadTimeoutError…) are not OSErrors.
TRANSIENT_ERRORS = (
    OSError,
    BotoCoreError,
    OperationalError,
    InterfaceError,
    RedisConnectionError,
    RedisTimeoutError,
)
