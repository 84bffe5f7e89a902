package dev.panamax.pool;

import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeModel;
import java.lang.classfile.Instruction;
import java.lang.classfile.Label;
import java.lang.classfile.MethodModel;
import java.lang.classfile.Opcode;
import java.lang.classfile.instruction.ArrayLoadInstruction;
import java.lang.classfile.instruction.ArrayStoreInstruction;
import java.lang.classfile.instruction.BranchInstruction;
import java.lang.classfile.instruction.ConstantInstruction;
import java.lang.classfile.instruction.ConvertInstruction;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.classfile.instruction.IncrementInstruction;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.LabelTarget;
import java.lang.classfile.instruction.LoadInstruction;
import java.lang.classfile.instruction.LookupSwitchInstruction;
import java.lang.classfile.instruction.NewMultiArrayInstruction;
import java.lang.classfile.instruction.NewObjectInstruction;
import java.lang.classfile.instruction.NewPrimitiveArrayInstruction;
import java.lang.classfile.instruction.NewReferenceArrayInstruction;
import java.lang.classfile.instruction.NopInstruction;
import java.lang.classfile.instruction.OperatorInstruction;
import java.lang.classfile.instruction.StackInstruction;
import java.lang.classfile.instruction.StoreInstruction;
import java.lang.classfile.instruction.SwitchCase;
import java.lang.classfile.instruction.TableSwitchInstruction;
import java.lang.classfile.instruction.TypeCheckInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDesc;
import java.lang.constant.DirectMethodHandleDesc;
import java.lang.constant.MethodTypeDesc;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which {@code invokedynamic} made the function a caller passed to the pool, read from the caller's bytecode: the
 * common case {@code pool.call(Tasks::square, 12L)} in a method that passes several lambdas.
 *
 * <p>From the call instruction (the caller's frame and bytecode index, from {@link StackWalker}), this walks back
 * through the instructions that built the call's arguments and finds the one that pushed the function, following a
 * local variable back to its last store. It answers only when that is certain: every instruction on the way is one
 * whose stack effect is known without types (loads, stores, constants, field and array access, calls, arithmetic,
 * {@code new}, {@code dup}, {@code checkcast}), no branch or exception handler lands in between, and the producer is a
 * non-capturing {@code LambdaMetafactory} site of the expected interface. Anything else (a function read from a
 * field or a parameter, made under a conditional, moved by {@code dup2}) gives no answer, and {@link MethodRefs}
 * falls back on the class-wide rule.
 */
final class LambdaSites {
    private static final ClassDesc LAMBDA_METAFACTORY = ClassDesc.of("java.lang.invoke.LambdaMetafactory");

    private LambdaSites() {
    }

    /**
     * @param bytes the class file of the calling class
     * @param method the calling method's name
     * @param descriptor its descriptor
     * @param bci the bytecode index of its call into the pool
     * @param api the classes whose methods the call may invoke (the pool's API)
     * @param argIndex the function's position among the called method's parameters
     * @param iface the function's interface
     * @return the implementation method of the lambda site that made the argument, or null if that is not certain
     */
    static DirectMethodHandleDesc producer(byte[] bytes, String method, String descriptor, int bci, Set<ClassDesc> api,
                                           int argIndex, ClassDesc iface) {
        CodeModel code = null;
        for (MethodModel m : ClassFile.of().parse(bytes).methods()) {
            if (m.methodName().equalsString(method) && m.methodType().equalsString(descriptor)) {
                code = m.code().orElse(null);
            }
        }
        if (code == null) {
            return null;
        }
        List<CodeElement> elements = new ArrayList<>();
        int call = -1;
        int at = 0;
        for (CodeElement e : code) {
            if (e instanceof Instruction i) {
                if (at == bci) {
                    call = elements.size();
                }
                at += i.sizeInBytes();
            }
            elements.add(e);
        }
        if (call < 0 || !(elements.get(call) instanceof InvokeInstruction invoke)
                || !api.contains(invoke.owner().asSymbol())) {
            return null;
        }
        Set<Label> targets = jumpTargets(code);
        int above = invoke.typeSymbol().parameterCount() - 1 - argIndex;
        int slot = -1; // >= 0 while looking for the store into a local variable the value was loaded from
        for (int i = call - 1; i >= 0; i--) {
            CodeElement e = elements.get(i);
            if (e instanceof LabelTarget t && targets.contains(t.label())) {
                return null; // another path may have pushed the value, or stored the variable
            }
            if (!(e instanceof Instruction ins)) {
                continue;
            }
            if (slot >= 0) {
                if (ins instanceof StoreInstruction st && st.slot() == slot) {
                    slot = -1;
                    above = 0; // the stored value was on top of the stack
                }
                continue;
            }
            if (ins instanceof LoadInstruction ld && ld.opcode().name().startsWith("ALOAD") && above == 0) {
                slot = ld.slot(); // straight-line code: the nearest store into this variable is what it holds
                continue;
            }
            int[] effect = effect(ins);
            if (effect == null) {
                return null;
            }
            int pops = effect[0];
            int pushes = effect[1];
            if (above >= pushes) {
                above = above - pushes + pops;
                continue;
            }
            // This instruction pushed the value. checkcast and dup pass on a value pushed before them.
            boolean passes = ins.opcode() == Opcode.CHECKCAST || ins.opcode() == Opcode.DUP;
            if (passes) {
                above = 0;
                continue;
            }
            return ins instanceof InvokeDynamicInstruction indy ? lambdaImplementation(indy, iface) : null;
        }
        return null;
    }

    /** The implementation method of a non-capturing {@code iface} lambda site, or null if it is not one. */
    static DirectMethodHandleDesc lambdaImplementation(InvokeDynamicInstruction indy, ClassDesc iface) {
        MethodTypeDesc t = indy.typeSymbol();
        if (!indy.bootstrapMethod().owner().equals(LAMBDA_METAFACTORY) || !t.returnType().equals(iface)
                || t.parameterCount() != 0) {
            return null;
        }
        List<ConstantDesc> args = indy.bootstrapArgs();
        return args.size() >= 2 && args.get(1) instanceof DirectMethodHandleDesc impl ? impl : null;
    }

    private static Set<Label> jumpTargets(CodeModel code) {
        Set<Label> out = new HashSet<>();
        code.exceptionHandlers().forEach(h -> out.add(h.handler()));
        for (CodeElement e : code) {
            switch (e) {
                case BranchInstruction b -> out.add(b.target());
                case TableSwitchInstruction s -> {
                    out.add(s.defaultTarget());
                    s.cases().stream().map(SwitchCase::target).forEach(out::add);
                }
                case LookupSwitchInstruction s -> {
                    out.add(s.defaultTarget());
                    s.cases().stream().map(SwitchCase::target).forEach(out::add);
                }
                default -> { }
            }
        }
        return out;
    }

    /**
     * @return {pops, pushes} counted in values (a long is one value), or null for an instruction whose effect this
     *         does not follow
     */
    private static int[] effect(Instruction ins) {
        return switch (ins) {
            case LoadInstruction x -> new int[] {0, 1};
            case ConstantInstruction x -> new int[] {0, 1};
            case StoreInstruction x -> new int[] {1, 0};
            case IncrementInstruction x -> new int[] {0, 0};
            case NopInstruction x -> new int[] {0, 0};
            case InvokeDynamicInstruction x -> new int[] {x.typeSymbol().parameterCount(), returns(x.typeSymbol())};
            case InvokeInstruction x -> new int[] {x.typeSymbol().parameterCount()
                    + (x.opcode() == Opcode.INVOKESTATIC ? 0 : 1), returns(x.typeSymbol())};
            case FieldInstruction x -> switch (x.opcode()) {
                case GETSTATIC -> new int[] {0, 1};
                case GETFIELD -> new int[] {1, 1};
                case PUTSTATIC -> new int[] {1, 0};
                default -> new int[] {2, 0};
            };
            case NewObjectInstruction x -> new int[] {0, 1};
            case NewPrimitiveArrayInstruction x -> new int[] {1, 1};
            case NewReferenceArrayInstruction x -> new int[] {1, 1};
            case NewMultiArrayInstruction x -> new int[] {x.dimensions(), 1};
            case ArrayLoadInstruction x -> new int[] {2, 1};
            case ArrayStoreInstruction x -> new int[] {3, 0};
            case TypeCheckInstruction x -> new int[] {1, 1};
            case ConvertInstruction x -> new int[] {1, 1};
            case OperatorInstruction x -> switch (x.opcode()) {
                case INEG, LNEG, FNEG, DNEG, ARRAYLENGTH -> new int[] {1, 1};
                default -> new int[] {2, 1};
            };
            case StackInstruction x -> switch (x.opcode()) {
                case POP -> new int[] {1, 0};
                case DUP -> new int[] {1, 2};
                default -> null; // dup2, pop2, swap, dup_x*: their effect depends on the values' sizes
            };
            default -> null;
        };
    }

    private static int returns(MethodTypeDesc t) {
        return t.returnType().descriptorString().equals("V") ? 0 : 1;
    }
}
