"""The trainees' exercise notebooks run in the book's in-browser notebook site (``lite/``): one
opens there, its packages install from the site, and its checker judges an answer typed in."""
from __future__ import annotations

import time

import pytest

from playbook.exercises import quote

NOTEBOOK = "exercises-quote_exercises.ipynb"


def _outputs(d) -> str:
    return "\n".join(e.text for e in d.find_elements("css selector", ".jp-OutputArea"))


@pytest.mark.browser
def test_an_exercise_notebook_opens_in_the_lite_site_and_its_checker_judges(site, served, browser):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    assert (site / "lite" / "files" / NOTEBOOK).is_file()
    d = browser.driver
    browser.open(f"{served}/lite/notebooks/index.html?path={NOTEBOOK}")
    wait = WebDriverWait(d, 240, poll_frequency=0.5)
    wait.until(lambda d: len(d.find_elements("css selector", ".jp-Notebook .jp-Cell")) >= 5)
    wait.until(lambda d: d.find_elements("css selector", ".jp-KernelStatus-success, .jp-KernelStatus-error")
               and "Connecting" not in d.find_element("css selector", ".jp-NotebookKernelStatus").text)
    assert not d.find_elements("css selector", ".jp-KernelStatus-error"), "内核启动失败"
    cells = d.find_elements("css selector", ".jp-Notebook .jp-Cell")
    # Run every cell (Shift+Enter from the first): install, imports, the five checkers (no answers yet).
    cells[0].click()
    keys = ActionChains(d).key_down(Keys.SHIFT)
    for _ in cells:
        keys = keys.send_keys(Keys.ENTER)
    keys.key_up(Keys.SHIFT).perform()
    WebDriverWait(d, 300, poll_frequency=0.5).until(
        lambda d: _outputs(d).count("请把答案写成一个数字") >= 5
        or d.find_elements("css selector", ".jp-OutputArea-output[data-mime-type*='error']"))
    errors = d.find_elements("css selector", ".jp-OutputArea-output[data-mime-type*='error']")
    assert not errors, errors[0].text[:500]
    # Type an answer into exercise 1's cell and run it: the checker judges it.
    target = next(c for c in d.find_elements("css selector", ".jp-Notebook .jp-CodeCell")
                  if "answer_1 = None" in c.text)
    expected = quote._SET.exercises[1].expected

    def run_with(value: str) -> str:
        before = _outputs(d)
        editor = target.find_element("css selector", ".cm-content")
        editor.click()
        ActionChains(d).key_down(Keys.CONTROL).send_keys("a").key_up(Keys.CONTROL).perform()
        editor.send_keys(f"answer_1 = {value}")
        ActionChains(d).send_keys(Keys.ENTER).send_keys("check_exercise_1(answer_1)").perform()
        ActionChains(d).key_down(Keys.SHIFT).send_keys(Keys.ENTER).key_up(Keys.SHIFT).perform()
        WebDriverWait(d, 60, poll_frequency=0.3).until(lambda d: _outputs(d) != before)
        time.sleep(0.5)
        return target.find_element("css selector", ".jp-OutputArea").text

    wrong = run_with(str(expected + 1))
    assert "✘ 不对" in wrong, wrong
    right = run_with(str(expected))
    assert "✔ 正确" in right and str(expected) in right, right
    d.execute_script("arguments[0].scrollIntoView({block: 'center'})", target)
    time.sleep(0.3)
    browser.screenshot("lite-exercise-quote")
