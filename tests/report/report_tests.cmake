# End-to-end tests of `memchain report`: exit codes and messages of the CLI, the PDF through
# headless Chromium, and the page in headless Chromium (offline, every chart drawn, no console
# errors, screenshots in the build tree). Included from tests/CMakeLists.txt.

set(report_test_dir ${PROJECT_BINARY_DIR}/report-tests)
set(expect_run ${CMAKE_CURRENT_SOURCE_DIR}/report/expect_run.cmake)
file(MAKE_DIRECTORY ${report_test_dir})

add_test(NAME report.fixture_db
         COMMAND make_fixture_db ${report_test_dir}/runs.db --failed-runs)
set_tests_properties(report.fixture_db PROPERTIES FIXTURES_SETUP report_db)

function(report_cli_test name exit)
    add_test(NAME report.cli.${name}
             COMMAND ${CMAKE_COMMAND} -DEXIT=${exit} ${ARGN} -P ${expect_run})
    set_tests_properties(report.cli.${name} PROPERTIES FIXTURES_REQUIRED report_db)
endfunction()

report_cli_test(writes_html 0
    "-DCOMMAND=$<TARGET_FILE:memchain>|report|${report_test_dir}/runs.db|-o|${report_test_dir}/cli.html"
    "-DSTDOUT=cli.html" "-DFILE=${report_test_dir}/cli.html" "-DFILE_STARTS=<!DOCTYPE html>")
report_cli_test(default_output_next_to_db 0
    "-DCOMMAND=$<TARGET_FILE:memchain>|report|${report_test_dir}/runs.db|--experiment|1"
    "-DSTDOUT=report-tests/report.html" "-DFILE=${report_test_dir}/report.html")
report_cli_test(missing_file 2
    "-DCOMMAND=$<TARGET_FILE:memchain>|report|${report_test_dir}/no-such.db"
    "-DSTDERR=no-such.db: error: no such file")
report_cli_test(missing_file_in_missing_folder 2
    "-DCOMMAND=$<TARGET_FILE:memchain>|report|${report_test_dir}/no/such/folder/runs.db"
    "-DSTDERR=runs.db: error: no such file")
report_cli_test(not_a_database 2
    "-DCOMMAND=$<TARGET_FILE:memchain>|report|${expect_run}|-o|${report_test_dir}/x.html"
    "-DSTDERR=not a memchain database \\(not an SQLite file\\)")
report_cli_test(unknown_experiment 2
    "-DCOMMAND=$<TARGET_FILE:memchain>|report|${report_test_dir}/runs.db|--experiment|42|-o|${report_test_dir}/x.html"
    "-DSTDERR=--experiment: error: no experiment 42 in .* \\(it holds 1, 2\\)")
report_cli_test(missing_argument 2
    "-DCOMMAND=$<TARGET_FILE:memchain>|report"
    "-DSTDERR=missing the run database")
report_cli_test(bad_output_folder 2
    "-DCOMMAND=$<TARGET_FILE:memchain>|report|${report_test_dir}/runs.db|-o|${report_test_dir}/no/such/folder/r.html"
    "-DSTDERR=--output: error: folder")
report_cli_test(pdf_without_chromium 2
    "-DCOMMAND=$<TARGET_FILE:memchain>|report|${report_test_dir}/runs.db|-o|${report_test_dir}/x.html|--pdf|${report_test_dir}/x.pdf"
    "-DENV=MEMCHAIN_CHROMIUM=${report_test_dir}/no-chromium-here"
    "-DSTDERR=--pdf: error: printing to PDF needs headless Chromium")

find_program(MEMCHAIN_CHROMIUM_PROGRAM NAMES chromium chromium-browser google-chrome-stable google-chrome)
if(MEMCHAIN_CHROMIUM_PROGRAM)
    report_cli_test(pdf 0
        "-DCOMMAND=$<TARGET_FILE:memchain>|report|${report_test_dir}/runs.db|-o|${report_test_dir}/pdf.html|--pdf|${report_test_dir}/report.pdf"
        "-DFILE=${report_test_dir}/report.pdf" "-DFILE_STARTS=%PDF-")
    set_tests_properties(report.cli.pdf PROPERTIES TIMEOUT 300)
else()
    message(STATUS "chromium not found: the report's PDF test is skipped (apt-get install chromium)")
endif()

# The page in a real browser. Needs node and tools/report/node_modules (playwright-core, pinned
# with the chart libraries); skips with exit code 77 when no Chromium is installed.
find_program(MEMCHAIN_NODE_PROGRAM NAMES node nodejs)
if(MEMCHAIN_NODE_PROGRAM)
    add_test(NAME report.e2e.browser
             COMMAND ${MEMCHAIN_NODE_PROGRAM}
                     ${PROJECT_SOURCE_DIR}/tools/report/test/report_e2e.mjs
                     --memchain $<TARGET_FILE:memchain>
                     --fixture $<TARGET_FILE:make_fixture_db>
                     --out ${report_test_dir}/e2e)
    set_tests_properties(report.e2e.browser PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600)
    # The printed report of the judged comparison: under 25 pages, no chart across a break.
    add_test(NAME report.e2e.pdf
             COMMAND ${MEMCHAIN_NODE_PROGRAM}
                     ${PROJECT_SOURCE_DIR}/tools/report/test/report_pdf.mjs
                     --memchain $<TARGET_FILE:memchain>
                     --source ${PROJECT_SOURCE_DIR}
                     --out ${report_test_dir}/pdf)
    set_tests_properties(report.e2e.pdf PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600)
else()
    message(STATUS "node not found: the report's browser test is not registered")
endif()
