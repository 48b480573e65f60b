"""Media on S3-compatible storage, switched on by environment variables alone.

moto's S3 server stands in for AWS, MinIO or any S3-compatible service on this machine.
"""

from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
from moto.server import ThreadedMotoServer

from tests.config.test_settings_modes import manage

CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


@pytest.fixture
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **CREDENTIALS).create_bucket(
        Bucket="academy-media"
    )
    yield endpoint
    server.stop()


def test_uploaded_media_goes_to_the_bucket_and_gets_signed_urls(s3_endpoint, tmp_path):
    env = {
        "S3_BUCKET": "academy-media",
        "S3_ENDPOINT_URL": s3_endpoint,
        "S3_REGION": "us-east-1",
        "S3_ACCESS_KEY_ID": "testing",
        "S3_SECRET_ACCESS_KEY": "testing",
    }
    code = (
        "from django.core.files.base import ContentFile;"
        "from django.core.files.storage import default_storage as s;"
        "name = s.save('covers/logistics.txt', ContentFile(b'Incoterms 2020'));"
        "print(name); print(s.open(name).read().decode()); print(s.url(name))"
    )
    result = manage("shell", "-v", "0", "-c", code, env=env, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    name, content, url = result.stdout.splitlines()
    assert (name, content) == ("covers/logistics.txt", "Incoterms 2020")
    assert url.startswith(f"{s3_endpoint}/academy-media/media/covers/logistics.txt?")
    query = parse_qs(urlsplit(url).query)
    signature = query.get("X-Amz-Signature") or query.get("Signature")  # SigV4 or SigV2
    assert signature and signature[0], url  # a signature parameter with a value
    body = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1", **CREDENTIALS)
    stored = body.get_object(Bucket="academy-media", Key="media/covers/logistics.txt")
    assert stored["Body"].read() == b"Incoterms 2020"
    assert not (tmp_path / "media").exists()
