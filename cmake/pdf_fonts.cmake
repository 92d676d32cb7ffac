# pdf_fonts.cmake - the CJK font the PDF writer embeds, made at build time.
#
# libharu 2.3.0 reads glyph ids as signed 16-bit when it subsets a TrueType
# font, so composite glyphs with parts above id 32767 (most CJK glyphs of
# WenQuanYi Micro Hei) print blank. tools/flatten_font.py writes a copy with
# every composite glyph decomposed; the writer embeds that copy. Its path is
# compiled into scta_render and util/datadir.c (SCTA_PDF_FONT_CJK) and
# installed under share/scta/fonts. Without python3-fonttools
# or the source font no copy is made and the path is empty: a report whose
# text needs CJK glyphs then fails with a message naming [pdf] font_cjk.
set(SCTA_CJK_SOURCE "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc:0"
    CACHE STRING "CJK font to flatten for the PDF writer (FILE or FILE.ttc:FACE)")
set(SCTA_CJK_FONT "${CMAKE_BINARY_DIR}/fonts/wqy-microhei-flat.ttf")

string(REGEX REPLACE ":[0-9]+$" "" _cjk_file "${SCTA_CJK_SOURCE}")
set(_cjk_python "")
foreach(py /usr/bin/python3 python3)
  if(NOT _cjk_python)
    execute_process(COMMAND ${py} -c "import fontTools"
                    RESULT_VARIABLE _py_rc OUTPUT_QUIET ERROR_QUIET)
    if(_py_rc EQUAL 0)
      set(_cjk_python ${py})
    endif()
  endif()
endforeach()

if(_cjk_python AND EXISTS "${_cjk_file}")
  add_custom_command(
    OUTPUT ${SCTA_CJK_FONT}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/fonts
    COMMAND ${_cjk_python} ${CMAKE_SOURCE_DIR}/tools/flatten_font.py
            ${SCTA_CJK_SOURCE} ${SCTA_CJK_FONT}.tmp
    COMMAND ${CMAKE_COMMAND} -E rename ${SCTA_CJK_FONT}.tmp ${SCTA_CJK_FONT}
    DEPENDS ${CMAKE_SOURCE_DIR}/tools/flatten_font.py ${_cjk_file}
    COMMENT "Flattening the CJK font for libharu (tools/flatten_font.py, ~20 s once)"
    VERBATIM)
  add_custom_target(scta_pdf_fonts ALL DEPENDS ${SCTA_CJK_FONT})
  add_dependencies(scta_render scta_pdf_fonts)
  target_compile_definitions(scta_render PRIVATE SCTA_PDF_FONT_CJK="${SCTA_CJK_FONT}")
  target_compile_definitions(scta_util PRIVATE SCTA_PDF_FONT_CJK="${SCTA_CJK_FONT}")
  install(FILES ${SCTA_CJK_FONT} DESTINATION share/scta/fonts)
else()
  message(STATUS "PDF: no CJK font (needs python3-fonttools and ${_cjk_file}); "
                 "reports with CJK text will ask for [pdf] font_cjk")
  target_compile_definitions(scta_render PRIVATE SCTA_PDF_FONT_CJK="")
  target_compile_definitions(scta_util PRIVATE SCTA_PDF_FONT_CJK="")
endif()
