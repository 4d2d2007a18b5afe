# authwire interop — one direction of the npm jose interop, run by CTest as `cmake -P`:
#   -DPEER=<interop_jose_peer> -DNODE=<node> -DWORK=<dir with peer.mjs, kinds/, cases/, node_modules/>
#   -DDIRECTION=authwire_to_node | node_to_authwire
foreach(var PEER NODE WORK DIRECTION)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "run_interop.cmake: ${var} is not set")
    endif()
endforeach()

set(records ${WORK}/${DIRECTION}.json)
file(REMOVE ${records})
if(DIRECTION STREQUAL "authwire_to_node")
    set(mint ${PEER} mint ${WORK}/cases ${records})
    set(verify ${NODE} ${WORK}/peer.mjs verify ${records})
elseif(DIRECTION STREQUAL "node_to_authwire")
    set(mint ${NODE} ${WORK}/peer.mjs mint ${WORK}/cases ${records})
    set(verify ${PEER} verify ${records})
else()
    message(FATAL_ERROR "run_interop.cmake: unknown DIRECTION ${DIRECTION}")
endif()

execute_process(COMMAND ${mint} WORKING_DIRECTORY ${WORK} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "minting failed (${DIRECTION}): ${rc}")
endif()
execute_process(COMMAND ${verify} WORKING_DIRECTORY ${WORK} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "verification failed (${DIRECTION}): ${rc}")
endif()
