"""Binary files (a PDF, a photo) in the shell: their bytes as cat shows them, grep's "binary file
matches", checksums and copies of the real bytes, and archives that carry them."""

from __future__ import annotations

import base64
import hashlib

import pytest

from tests.state.shell.commands.conftest import Laptop

# A PDF's first bytes: a text line, then a binary comment, as real PDFs start.
PDF = b"%PDF-1.3\n%\xe9\xeb\xf1\xbf\n1 0 obj\n<< /Title (Invoice 4711) >>\nendobj\n\x00\x01trailer\n"


@pytest.fixture
async def binary(laptop: Laptop) -> Laptop:
    await laptop.world.apply(
        "files.write_file",
        {
            "path": "~/invoice.pdf",
            "content": "Invoice 4711\nTotal 42.00\n",
            "data": base64.b64encode(PDF).decode(),
        },
    )
    return laptop


@pytest.mark.anyio
async def test_cat_and_head_show_the_bytes_not_the_text_layer(binary: Laptop) -> None:
    assert await binary.out("cat invoice.pdf") == PDF.decode(errors="replace")
    assert await binary.out("head -n 1 invoice.pdf") == "%PDF-1.3\n"
    assert await binary.out("wc -c invoice.pdf") == f"{len(PDF)} invoice.pdf\n"


@pytest.mark.anyio
async def test_grep_says_a_binary_file_matches_on_stderr_as_gnu_grep_does(binary: Laptop) -> None:
    result = await binary.run("grep Invoice invoice.pdf")
    assert (result.stdout, result.stderr, result.exit_status) == (
        "",
        "grep: invoice.pdf: binary file matches\n",
        0,
    )
    assert await binary.out("grep -c Invoice invoice.pdf; grep -l Title invoice.pdf") == "1\ninvoice.pdf\n"
    assert await binary.out("grep -a -o 'Invoice 4711' invoice.pdf") == "Invoice 4711\n"
    missing = await binary.run("grep 'Total 42' invoice.pdf")
    assert (missing.stdout, missing.stderr, missing.exit_status) == ("", "", 1)


@pytest.mark.anyio
async def test_checksums_copies_and_base64_use_the_real_bytes(binary: Laptop) -> None:
    assert (await binary.out("sha256sum invoice.pdf")).split()[0] == hashlib.sha256(PDF).hexdigest()
    await binary.out("cp invoice.pdf copy.pdf; cmp invoice.pdf copy.pdf")
    assert base64.b64decode(await binary.out("base64 -w0 copy.pdf")) == PDF
    differ = await binary.run("echo x > t.txt; diff invoice.pdf t.txt")
    assert differ.stdout == "Binary files invoice.pdf and t.txt differ\n"


@pytest.mark.anyio
async def test_a_binary_file_survives_zip_and_tar_round_trips(binary: Laptop) -> None:
    await binary.out("zip -q a.zip invoice.pdf && tar -cf a.tar invoice.pdf && mkdir z t")
    await binary.out("cd z && unzip -q ../a.zip && cd ../t && tar -xf ../a.tar")
    assert await binary.out("cd ~ && sha256sum z/invoice.pdf t/invoice.pdf | cut -c1-64 | uniq") == (
        hashlib.sha256(PDF).hexdigest() + "\n"
    )
